import type { MongoBackend, MongoHandle, TestDatabase } from '@moderato/testkit';
import { expect } from 'chai';
import { describeMongo } from '../demo/backends.js';

function handle(backend: MongoBackend, uri: string): MongoHandle {
  return { backend, uri, stop: async () => {} };
}

const database: TestDatabase = { name: 't_moderato_demo_0a1b2c3d4e', uri: 'mongodb://127.0.0.1:27017/t_moderato_demo_0a1b2c3d4e', drop: async () => {} };

describe('demo backends: the line that says which MongoDB the demo uses', () => {
  it('says plainly that the double keeps data in memory only, why no mongod was used, and how to use a real server', () => {
    const lines = describeMongo(handle('double', 'mongodb://127.0.0.1:41234/'), database, 'no mongod: could not download one from fastdl.mongodb.org (getaddrinfo ENOTFOUND fastdl.mongodb.org)').split('\n');
    expect(lines).to.have.length(2);
    expect(lines[0]).to.equal(
      "MongoDB  the project's wire-protocol double (packages/mongo-double) at mongodb://127.0.0.1:41234/: it keeps data in memory only, gone when the demo stops",
    );
    expect(lines[1]).to.equal('         (no mongod: could not download one from fastdl.mongodb.org (getaddrinfo ENOTFOUND fastdl.mongodb.org); set MONGODB_URI to use a real server)');
  });

  it('names a real mongod from mongodb-memory-server', () => {
    expect(describeMongo(handle('memory-server', 'mongodb://127.0.0.1:40000/'), database, undefined)).to.equal(
      'MongoDB  a real mongod from mongodb-memory-server at mongodb://127.0.0.1:40000/, removed when the demo stops',
    );
  });

  it('names the database of its own it uses on the MONGODB_URI server, without printing the URI (it may hold a password)', () => {
    const line = describeMongo(handle('external', 'mongodb://admin:s3cret@db.example:27017/'), database, undefined);
    expect(line).to.equal("MongoDB  MONGODB_URI, in a database of the demo's own (t_moderato_demo_0a1b2c3d4e), dropped when the demo stops");
    expect(line).to.not.contain('s3cret');
  });
});
