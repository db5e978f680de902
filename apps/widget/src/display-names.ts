/** The signed-in consumer's display name, kept beside the SDK's session (wiped with it). */
export function displayNames(account: string): { get(): string | null; set(name: string | null): void } {
  const key = `parley:${account}:widget:display-name`;
  return {
    get() {
      try {
        return localStorage.getItem(key);
      } catch {
        return null;
      }
    },
    set(name) {
      try {
        if (name === null) localStorage.removeItem(key);
        else localStorage.setItem(key, name);
      } catch {
        // storage blocked: the name shows after the next sign-in only
      }
    },
  };
}
