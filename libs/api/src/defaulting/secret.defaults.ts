/**
 * Secret defaulting (core/v1 SetDefaults_Secret and the stringData conversion): `type` is Opaque
 * unless set, and `stringData`, a write-only convenience, is base64-encoded into `data` (its keys
 * win over data's) and never stored.
 */
import { isRecord, Obj } from '../validation/shape';

export const SECRET_TYPE_OPAQUE = 'Opaque';

export function defaultSecret(secret: Obj): void {
  if (secret.type === undefined || secret.type === null || secret.type === '')
    secret.type = SECRET_TYPE_OPAQUE;
  const stringData = secret.stringData;
  if (stringData === undefined || stringData === null) {
    delete secret.stringData;
    return;
  }
  // A malformed stringData is left for validation to name.
  if (!isRecord(stringData) || !Object.values(stringData).every((v) => typeof v === 'string')) return;
  const data: Obj = isRecord(secret.data) ? secret.data : {};
  for (const [key, value] of Object.entries(stringData)) {
    data[key] = Buffer.from(value as string, 'utf8').toString('base64');
  }
  secret.data = data;
  delete secret.stringData;
}
