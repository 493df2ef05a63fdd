// The bundled libraries and their licences: `licenses.json` beside this file is generated
// by `cargo xtask licenses` from Cargo.lock and package-lock.json (a Rust test fails when
// it is stale). Loaded on demand, so the list is not in the main bundle.

export interface Library {
  /** `crates.io` or `npm`. */
  ecosystem: string;
  name: string;
  version: string;
  /** SPDX expression; "" when the package declares none. */
  license: string;
  /** Repository (crates) or npm page; "" when unknown. */
  url: string;
}

/** A library as a table row: `id` tells apart two versions of one crate. */
export interface LibraryRow extends Library {
  id: string;
}

export interface Licenses {
  generated_by: string;
  libraries: Library[];
}

/** The generated list, as table rows. */
export async function loadLicenses(): Promise<LibraryRow[]> {
  const module = await import("./licenses.json");
  const licenses = module.default as Licenses;
  return licenses.libraries.map((l) => ({ ...l, id: `${l.ecosystem}/${l.name}@${l.version}` }));
}

/** The libraries whose name or licence contains `query` (case-insensitive; all for ""). */
export function filterLibraries<T extends Library>(libraries: T[], query: string): T[] {
  const q = query.trim().toLowerCase();
  if (!q) return libraries;
  return libraries.filter((l) => l.name.toLowerCase().includes(q) || l.license.toLowerCase().includes(q));
}

/** How many libraries each licence expression covers, most used first. */
export function licenseCounts(libraries: Library[]): { license: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const l of libraries) {
    const key = l.license || "未声明";
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([license, count]) => ({ license, count }))
    .sort((a, b) => b.count - a.count || a.license.localeCompare(b.license));
}
