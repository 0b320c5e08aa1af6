declare const __ACCORD_DEVNET__: { id: string; url: string; operator: string }[] | null;
