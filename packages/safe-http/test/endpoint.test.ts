import { expect } from 'chai';
import { checkEndpointUrl, type EgressPolicy, type ResolveHost } from '../src/index.js';

const production: EgressPolicy = { allowPrivateNetworks: false, allowHttp: false };
const onPremise: EgressPolicy = { allowPrivateNetworks: true, allowHttp: true };
const PUBLIC_ADDRESS = '93.184.216.34';

function resolvesTo(...addresses: string[]): ResolveHost {
  return async () => addresses;
}

/** A resolver that records being asked, for names that must be refused without a lookup. */
function recordingResolver(): ResolveHost & { asked: string[] } {
  const asked: string[] = [];
  return Object.assign(async (host: string) => {
    asked.push(host);
    return [PUBLIC_ADDRESS];
  }, { asked });
}

async function reasonFor(url: string, resolve: ResolveHost = resolvesTo(PUBLIC_ADDRESS), policy = production): Promise<string> {
  const result = await checkEndpointUrl(url, policy, resolve);
  expect(result.ok, `${url} should be refused`).to.equal(false);
  return result.ok ? '' : result.reason;
}

const NON_PUBLIC: Array<[address: string, kind: string]> = [
  ['127.0.0.1', 'loopback'],
  ['::1', 'loopback'],
  ['10.1.2.3', 'private-network'],
  ['172.16.0.1', 'private-network'],
  ['172.31.255.254', 'private-network'],
  ['192.168.1.1', 'private-network'],
  ['fc00::1', 'unique local'],
  ['fd12:3456::1', 'unique local'],
  ['169.254.169.254', 'cloud metadata'],
  ['169.254.1.1', 'link-local'],
  ['fe80::1', 'link-local'],
  ['0.0.0.0', 'unspecified'],
  ['::', 'unspecified'],
  ['100.64.0.1', 'carrier-grade NAT'],
  ['224.0.0.1', 'multicast'],
  ['ff02::1', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.2.1', 'reserved'],
];

function urlHost(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

describe('checkEndpointUrl', () => {
  it('accepts a public https URL and returns it parsed', async () => {
    const result = await checkEndpointUrl('https://hooks.example.com:8443/moderato?x=1', production, resolvesTo(PUBLIC_ADDRESS));
    expect(result.ok).to.equal(true);
    if (result.ok) expect(result.url.href).to.equal('https://hooks.example.com:8443/moderato?x=1');
  });

  it('accepts a public literal address without a lookup', async () => {
    const resolve = recordingResolver();
    expect((await checkEndpointUrl(`https://${PUBLIC_ADDRESS}/hook`, production, resolve)).ok).to.equal(true);
    expect((await checkEndpointUrl('https://[2606:4700:4700::1111]/hook', production, resolve)).ok).to.equal(true);
    expect(resolve.asked).to.deep.equal([]);
  });

  for (const [address, kind] of NON_PUBLIC) {
    it(`refuses the literal address ${address} (${kind})`, async () => {
      const reason = await reasonFor(`https://${urlHost(address)}/hook`);
      expect(reason).to.include(kind).and.to.include('endpoints must be on the public internet');
    });

    it(`refuses a public-looking name resolving to ${address} (${kind})`, async () => {
      const reason = await reasonFor('https://hooks.example.com/hook', resolvesTo(address));
      expect(reason).to.include(`resolves to ${address}, `).and.to.include(kind);
    });
  }

  it('names the address and its kind in a human-readable sentence', async () => {
    expect(await reasonFor('https://hooks.example.com/', resolvesTo('127.0.0.1'))).to.equal(
      'resolves to 127.0.0.1, a loopback address; endpoints must be on the public internet',
    );
  });

  it('refuses a name resolving to one public and one private address', async () => {
    const reason = await reasonFor('https://hooks.example.com/', resolvesTo(PUBLIC_ADDRESS, '10.0.0.5'));
    expect(reason).to.include('10.0.0.5').and.to.include('private-network');
  });

  it('refuses IPv4-mapped IPv6 addresses by the address they carry', async () => {
    expect(await reasonFor('https://[::ffff:127.0.0.1]/')).to.include('loopback').and.to.include('IPv4 127.0.0.1');
    expect(await reasonFor('https://[::ffff:169.254.169.254]/')).to.include('cloud metadata');
    expect(await reasonFor('https://hooks.example.com/', resolvesTo('::ffff:10.0.0.1'))).to.include('private-network');
  });

  it('refuses loopback spelled as a decimal or hex IPv4 host', async () => {
    expect(await reasonFor('https://2130706433/')).to.include('127.0.0.1 is a loopback address');
    expect(await reasonFor('https://0x7f.1/')).to.include('127.0.0.1 is a loopback address');
  });

  it('refuses localhost, *.localhost and metadata.google.internal whatever DNS says', async () => {
    const resolve = recordingResolver();
    for (const host of ['localhost', 'LOCALHOST.', 'api.localhost', 'metadata.google.internal']) {
      await reasonFor(`https://${host}/`, resolve);
    }
    expect(resolve.asked).to.deep.equal([]);
  });

  it('refuses plain http unless the policy allows it', async () => {
    expect(await reasonFor('http://hooks.example.com/')).to.equal('the URL must use https');
    const allowed = await checkEndpointUrl('http://hooks.example.com/', { ...production, allowHttp: true }, resolvesTo(PUBLIC_ADDRESS));
    expect(allowed.ok).to.equal(true);
  });

  it('refuses other schemes', async () => {
    expect(await reasonFor('ftp://hooks.example.com/')).to.include('scheme ftp');
    expect(await reasonFor('file:///etc/passwd')).to.include('scheme file');
  });

  it('refuses credentials in the URL', async () => {
    expect(await reasonFor('https://user:secret@hooks.example.com/')).to.include('user name or password');
    expect(await reasonFor('https://user@hooks.example.com/')).to.include('user name or password');
  });

  it('refuses what is not a URL, and URLs over 2048 characters', async () => {
    expect(await reasonFor('hooks.example.com/webhook')).to.include('not a valid absolute URL');
    const longest = `https://hooks.example.com/${'a'.repeat(2048 - 'https://hooks.example.com/'.length)}`;
    expect((await checkEndpointUrl(longest, production, resolvesTo(PUBLIC_ADDRESS))).ok).to.equal(true);
    expect(await reasonFor(`${longest}a`)).to.include('2048');
  });

  it('refuses a host name that does not resolve', async () => {
    const failing: ResolveHost = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect(await reasonFor('https://nowhere.example.com/', failing)).to.equal('the host name does not resolve');
    expect(await reasonFor('https://nowhere.example.com/', resolvesTo())).to.equal('the host name does not resolve');
  });

  it('lets private networks through when the policy allows them, but never the unspecified address', async () => {
    expect((await checkEndpointUrl('http://10.0.0.5:8080/hook', onPremise, resolvesTo())).ok).to.equal(true);
    expect((await checkEndpointUrl('http://localhost:8080/hook', onPremise, resolvesTo('127.0.0.1'))).ok).to.equal(true);
    expect(await reasonFor('http://0.0.0.0:8080/hook', resolvesTo(), onPremise)).to.include('unspecified');
  });
});
