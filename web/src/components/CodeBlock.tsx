import { type ComponentProps, useRef } from 'react';
import { CopyButton } from './CopyButton';

/**
 * A fenced code block with its own copy button. The text is read from the rendered block when the
 * button is pressed: highlighting splits it into spans, and the block's text is what the user sees.
 */
export function CodeBlock(props: ComponentProps<'pre'>) {
  const ref = useRef<HTMLPreElement>(null);
  return (
    <div className="code-block">
      <CopyButton text={() => ref.current?.textContent ?? ''} label="Copy code" />
      {/* Focusable, so the keyboard can scroll a block wider than the screen. */}
      <pre ref={ref} tabIndex={0} {...props} />
    </div>
  );
}
