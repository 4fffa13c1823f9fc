// The signed-in person as the documents rules see them: account, ID number
// and whether citizen or resident.
import type { RequestContext } from '../../server/context.js';
import type { Holder } from './deps.js';

export async function holderOf(context: RequestContext): Promise<Holder | null> {
  if (context.viewer?.kind !== 'person') return null;
  const account = await context.loaders.identity.accountById.load(context.viewer.accountId);
  if (!account) return null;
  const person = await context.loaders.registry.personByIdNumber.load(account.personIdNumber);
  if (!person) return null;
  return { accountId: account.id, idNumber: person.idNumber, kind: person.kind };
}

export async function requireHolder(context: RequestContext): Promise<Holder> {
  const holder = await holderOf(context);
  if (!holder) throw new Error('signed-in person without an account or registry record');
  return holder;
}
