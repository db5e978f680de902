/**
 * LivePerson-compatible `lp_sdes` parsing (docs/protocol.md): the `ctmrinfo` entry becomes the
 * "Customer info" card and the `personal` entry the "Personal info" card. Only the documented
 * fields are kept, each only when it has the documented JSON type, so a brand's typo never
 * reaches the agent as something it is not.
 */

const CUSTOMER_INFO_FIELDS = {
  customerId: 'string',
  ctype: 'string',
  cstatus: 'string',
  balance: 'number',
  currency: 'string',
  socialId: 'string',
  imei: 'string',
  userName: 'string',
  companySize: 'number',
  companyBranch: 'string',
  accountName: 'string',
  role: 'string',
  loginStatus: 'number',
  lastPaymentDate: 'object',
  registrationDate: 'object',
} as const;

const PERSONAL_FIELDS = {
  firstname: 'string',
  lastname: 'string',
  age: 'object',
  contacts: 'array',
  gender: 'string',
  company: 'string',
  language: 'string',
} as const;

const CONTACT_FIELDS = { email: 'string', phone: 'string', phoneType: 'string', address: 'object' } as const;

type FieldTypes = Record<string, 'string' | 'number' | 'object' | 'array'>;

export interface ParsedSdes {
  customerInfo: Record<string, unknown>;
  personalInfo: Record<string, unknown>;
}

/**
 * Extracts typed customer and personal info from an `lp_sdes` claim value.
 *
 * @example
 * ```ts
 * parseSdes([{ type: 'ctmrinfo', info: { customerId: '42', balance: -12.5 } }]).customerInfo;
 * // { customerId: '42', balance: -12.5 }
 * ```
 */
export function parseSdes(lpSdes: unknown): ParsedSdes {
  const result: ParsedSdes = { customerInfo: {}, personalInfo: {} };
  if (!Array.isArray(lpSdes)) return result;
  for (const entry of lpSdes) {
    if (!isRecord(entry)) continue;
    if (entry.type === 'ctmrinfo' && isRecord(entry.info)) {
      Object.assign(result.customerInfo, pickTyped(entry.info, CUSTOMER_INFO_FIELDS));
    }
    if (entry.type === 'personal' && isRecord(entry.personal)) {
      const personal = pickTyped(entry.personal, PERSONAL_FIELDS);
      if (Array.isArray(personal.contacts)) {
        personal.contacts = personal.contacts.filter(isRecord).map((c) => pickTyped(c, CONTACT_FIELDS));
      }
      Object.assign(result.personalInfo, personal);
    }
  }
  return result;
}

function pickTyped(source: Record<string, unknown>, fields: FieldTypes): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(fields)) {
    const value = source[name];
    if (value === undefined || value === null) continue;
    const actual = Array.isArray(value) ? 'array' : typeof value;
    if (actual === type) out[name] = value;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
