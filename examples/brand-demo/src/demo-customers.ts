/**
 * The demo brand's customers: what its IdP releases (per scope, through UserInfo). Claims
 * follow docs/protocol.md (what an agent is shown):
 * standard OIDC claims, a brand claim `account_number`, and LivePerson-style `lp_sdes`
 * (`ctmrinfo` → "Customer info", `personal` → "Personal info"). Any other login name gets a
 * generated customer, so every name typed into the demo login form works.
 */

/** The claims of one demo customer (scopes `openid profile email phone` release all of them). */
export type DemoClaims = Record<string, unknown> & { sub: string; name: string };

interface Person {
  given: string;
  family: string;
  balance: number;
  plan: string;
  phone: string;
  city: string;
  born: { year: number; month: number; day: number };
}

/** Login names with a hand-written profile (the demo README suggests them). */
export const DEMO_PEOPLE: Readonly<Record<string, Person>> = {
  alice: {
    given: 'Alice',
    family: 'Martin',
    balance: -42.5,
    plan: 'Gold',
    phone: '+33 6 12 34 56 78',
    city: 'Lyon',
    born: { year: 1988, month: 4, day: 12 },
  },
  bob: {
    given: 'Bob',
    family: 'Okafor',
    balance: 1250,
    plan: 'Silver',
    phone: '+44 20 7946 0958',
    city: 'London',
    born: { year: 1975, month: 11, day: 3 },
  },
};

/**
 * Claims of the customer who logs in as `login`, which is the `sub` (oidc-provider requires the
 * account id and `sub` to be equal); profiles are looked up case-insensitively.
 *
 * @example
 * ```ts
 * demoClaims('alice').name; // 'Alice Martin'
 * ```
 */
export function demoClaims(login: string): DemoClaims {
  const sub = login;
  const key = login.trim().toLowerCase();
  const person = DEMO_PEOPLE[key] ?? generatedPerson(key);
  const name = `${person.given} ${person.family}`;
  const email = `${key.replace(/[^a-z0-9._-]/g, '') || 'customer'}@customers.demo.example`;
  const customerId = `C-${checksum(key).toString().padStart(6, '0')}`;
  return {
    sub,
    name,
    given_name: person.given,
    family_name: person.family,
    email,
    email_verified: true,
    phone_number: person.phone,
    locale: 'en',
    account_number: `ACC-${checksum(`${key}#account`).toString().padStart(8, '0')}`,
    billing: { plan: person.plan },
    lp_sdes: [
      {
        type: 'ctmrinfo',
        info: {
          customerId,
          ctype: person.plan.toLowerCase(),
          cstatus: 'active',
          balance: person.balance,
          currency: 'EUR',
          userName: key,
          accountName: name,
          loginStatus: 1,
          lastPaymentDate: { day: 2, month: 11, year: 2026 },
          registrationDate: { day: 15, month: 6, year: 2019 },
        },
      },
      {
        type: 'personal',
        personal: {
          firstname: person.given,
          lastname: person.family,
          age: { ...person.born, age: 2026 - person.born.year },
          contacts: [{ email, phone: person.phone, phoneType: 'mobile', address: { city: person.city } }],
          language: 'en-GB',
        },
      },
    ],
  };
}

function generatedPerson(sub: string): Person {
  const given = sub.length > 0 ? sub[0]!.toUpperCase() + sub.slice(1, 24) : 'Customer';
  return {
    given,
    family: 'Demo',
    balance: (checksum(sub) % 50_000) / 100,
    plan: 'Bronze',
    phone: '+1 555 0100',
    city: 'Springfield',
    born: { year: 1990, month: 1, day: 1 },
  };
}

/** A small stable number from a string (FNV-1a), so a login always gets the same ids. */
function checksum(text: string): number {
  let hash = 0x811c9dc5;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash % 100_000_000;
}
