const ITEMS = [
  { href: '#/', label: 'Home' },
  { href: '#/activity', label: 'Activity' },
  { href: '#/networks', label: 'Networks' },
  { href: '#/sites', label: 'Sites' },
  { href: '#/settings', label: 'Settings' },
] as const;

/** The bottom navigation; `current` is the active item's href. */
export function NavBar({ current }: { current: string }) {
  return (
    <nav className="navbar" aria-label="Main">
      {ITEMS.map((item) => (
        <a key={item.href} href={item.href} aria-current={current === item.href ? 'page' : undefined}>
          {item.label}
        </a>
      ))}
    </nav>
  );
}
