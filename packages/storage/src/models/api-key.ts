import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const API_KEY_ROLES = ['moderator', 'analyst', 'admin'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

export const apiKeySchema = new Schema(
  {
    /** Public part of the key, used to find the record; the secret part is stored only as a hash. */
    keyId: { type: String, required: true, unique: true },
    secretHash: { type: String, required: true },
    publisherId: { type: String, required: true, index: true },
    role: { type: String, required: true, enum: API_KEY_ROLES },
    label: { type: String },
    revokedAt: { type: Date, default: null },
    lastUsedAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'api_keys', strict: 'throw' },
);

export type ApiKeyDocument = InferSchemaType<typeof apiKeySchema>;

export function apiKeyModel(connection: Connection): Model<ApiKeyDocument> {
  return connection.models.ApiKey ?? connection.model('ApiKey', apiKeySchema);
}
