// Opaque global IDs (Relay): base64url of "Type:localId". Clients must not
// build or parse them; the server checks the type on every decode so an ID of
// one kind is never accepted where another is expected.
export function toGlobalId(type: string, localId: string | number): string {
  return Buffer.from(`${type}:${localId}`, 'utf8').toString('base64url');
}

export function fromGlobalId(globalId: string): { type: string; localId: string } | null {
  if (globalId.length > 200 || !/^[A-Za-z0-9_-]+$/.test(globalId)) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return null;
  return { type: decoded.slice(0, colon), localId: decoded.slice(colon + 1) };
}

/** The local ID of `globalId` if it names an object of `type`, else null. */
export function localIdOf(globalId: string, type: string): string | null {
  const parsed = fromGlobalId(globalId);
  return parsed && parsed.type === type ? parsed.localId : null;
}

export function localIntIdOf(globalId: string, type: string): number | null {
  const local = localIdOf(globalId, type);
  if (local === null || !/^[1-9][0-9]{0,15}$/.test(local)) return null;
  const value = Number(local);
  return Number.isSafeInteger(value) ? value : null;
}
