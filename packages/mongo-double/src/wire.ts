import { deserialize, serialize, type Document } from 'bson';
import { crc32c } from './crc32c.js';
import { normalizeNumbers } from './numbers.js';

/** Opcodes of the MongoDB wire protocol that the double reads or writes. */
export const OpCode = { REPLY: 1, QUERY: 2004, COMPRESSED: 2012, MSG: 2013 } as const;

export const HEADER_SIZE = 16;
export const MAX_MESSAGE_SIZE = 48_000_000;
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;

const FLAG_CHECKSUM_PRESENT = 1 << 0;
const FLAG_MORE_TO_COME = 1 << 1;
const FLAG_EXHAUST_ALLOWED = 1 << 16;
const KNOWN_MSG_FLAGS = FLAG_CHECKSUM_PRESENT | FLAG_MORE_TO_COME | FLAG_EXHAUST_ALLOWED;

/** Numbers are decoded as wrappers and then normalised (see numbers.ts); Binary stays Binary, regexes become RegExp. */
const DESERIALIZE_OPTIONS = { promoteValues: false, promoteBuffers: false, bsonRegExp: false };

function decode(bytes: Uint8Array): Document {
  return normalizeNumbers(deserialize(bytes, DESERIALIZE_OPTIONS));
}

export interface MessageHeader {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

/** A request decoded to the command document it carries, whichever opcode brought it. */
export type Request =
  | { kind: 'msg'; header: MessageHeader; command: Document; moreToCome: boolean }
  | { kind: 'query'; header: MessageHeader; collection: string; command: Document }
  | { kind: 'unsupported'; header: MessageHeader; reason: string };

export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export function readHeader(buffer: Buffer): MessageHeader {
  return {
    length: buffer.readInt32LE(0),
    requestId: buffer.readInt32LE(4),
    responseTo: buffer.readInt32LE(8),
    opCode: buffer.readInt32LE(12),
  };
}

/** Decodes one complete message (header included). */
export function decodeRequest(message: Buffer): Request {
  const header = readHeader(message);
  switch (header.opCode) {
    case OpCode.MSG:
      return decodeMsg(header, message);
    case OpCode.QUERY:
      return decodeQuery(header, message);
    case OpCode.COMPRESSED:
      // We never advertise compressors in hello, so a compliant driver never sends this.
      return { kind: 'unsupported', header, reason: 'OP_COMPRESSED is not supported: the server advertises no compressors' };
    default:
      return { kind: 'unsupported', header, reason: `opcode ${header.opCode} is not supported by mongo-double` };
  }
}

function decodeMsg(header: MessageHeader, message: Buffer): Request {
  const flags = message.readUInt32LE(HEADER_SIZE);
  if ((flags & 0xffff & ~KNOWN_MSG_FLAGS) !== 0) {
    throw new ProtocolError(`OP_MSG has unknown required flag bits: ${flags.toString(2)}`);
  }
  let end = message.length;
  if (flags & FLAG_CHECKSUM_PRESENT) {
    end -= 4;
    const expected = message.readUInt32LE(end);
    if (crc32c(message.subarray(0, end)) !== expected) throw new ProtocolError('OP_MSG checksum does not match its contents');
  }
  let command: Document | undefined;
  const sequences: [string, Document[]][] = [];
  let offset = HEADER_SIZE + 4;
  while (offset < end) {
    const kind = message.readUInt8(offset);
    offset += 1;
    if (kind === 0) {
      const size = message.readInt32LE(offset);
      command = decode(message.subarray(offset, offset + size));
      offset += size;
    } else if (kind === 1) {
      const size = message.readInt32LE(offset);
      sequences.push(decodeDocumentSequence(message.subarray(offset + 4, offset + size)));
      offset += size;
    } else {
      throw new ProtocolError(`OP_MSG section kind ${kind} is not supported`);
    }
  }
  if (!command) throw new ProtocolError('OP_MSG has no body section (kind 0)');
  for (const [identifier, documents] of sequences) {
    if (identifier in command) throw new ProtocolError(`OP_MSG field '${identifier}' is both in the body and a document sequence`);
    command[identifier] = documents;
  }
  return { kind: 'msg', header, command, moreToCome: (flags & FLAG_MORE_TO_COME) !== 0 };
}

function decodeDocumentSequence(section: Buffer): [string, Document[]] {
  const nul = section.indexOf(0);
  if (nul < 0) throw new ProtocolError('OP_MSG document sequence has an unterminated identifier');
  const identifier = section.toString('utf8', 0, nul);
  const documents: Document[] = [];
  let offset = nul + 1;
  while (offset < section.length) {
    const size = section.readInt32LE(offset);
    documents.push(decode(section.subarray(offset, offset + size)));
    offset += size;
  }
  return [identifier, documents];
}

function decodeQuery(header: MessageHeader, message: Buffer): Request {
  let offset = HEADER_SIZE + 4; // skip flags
  const nul = message.indexOf(0, offset);
  const collection = message.toString('utf8', offset, nul);
  offset = nul + 1 + 8; // skip numberToSkip and numberToReturn
  const size = message.readInt32LE(offset);
  const command = decode(message.subarray(offset, offset + size));
  return { kind: 'query', header, collection, command };
}

let nextRequestId = 1;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const buffer = Buffer.alloc(HEADER_SIZE);
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  buffer.writeInt32LE(responseTo, 8);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

/** An OP_MSG reply with a single body section. */
export function encodeMsgReply(responseTo: number, reply: Document): Buffer {
  const body = serialize(reply);
  const prefix = Buffer.alloc(5); // flagBits 0, then section kind 0
  const length = HEADER_SIZE + prefix.length + body.length;
  return Buffer.concat([header(length, responseTo, OpCode.MSG), prefix, body]);
}

/** An OP_REPLY carrying one document, the answer to a legacy OP_QUERY command. */
export function encodeLegacyReply(responseTo: number, reply: Document): Buffer {
  const body = serialize(reply);
  const fields = Buffer.alloc(20); // responseFlags, cursorID (int64), startingFrom, numberReturned
  fields.writeInt32LE(1, 16);
  const length = HEADER_SIZE + fields.length + body.length;
  return Buffer.concat([header(length, responseTo, OpCode.REPLY), fields, body]);
}
