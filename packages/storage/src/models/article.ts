import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const articleSchema = new Schema(
  {
    publisherId: { type: String, required: true },
    articleId: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, default: '' },
    url: { type: String },
  },
  { timestamps: true, collection: 'articles', strict: 'throw' },
);
articleSchema.index({ publisherId: 1, articleId: 1 }, { unique: true });

export type ArticleDocument = InferSchemaType<typeof articleSchema>;

export function articleModel(connection: Connection): Model<ArticleDocument> {
  return connection.models.Article ?? connection.model('Article', articleSchema);
}
