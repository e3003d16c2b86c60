/**
 * @module
 * An anchor that navigates inside the app (history push, no reload) on a plain left click,
 * and stays a normal link for a middle click, a modified click or "open in new tab".
 */
import type { ComponentChildren } from "preact";

/** Props of {@link Link}. */
export interface LinkProps {
  href: string;
  onNavigate: (href: string) => void;
  class?: string;
  title?: string;
  children: ComponentChildren;
}

/** An in-app link. */
export function Link({ href, onNavigate, children, ...rest }: LinkProps) {
  return (
    <a
      href={href}
      {...rest}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        onNavigate(href);
      }}
    >
      {children}
    </a>
  );
}
