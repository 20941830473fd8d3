import { memo, useDeferredValue } from 'react';
import ReactMarkdown from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';
import { CodeBlock } from './CodeBlock';

const remarkPlugins = [remarkGfm];
// Unknown fence languages are left plain instead of throwing mid-stream.
const rehypePlugins: Parameters<typeof ReactMarkdown>[0]['rehypePlugins'] = [[rehypeHighlight, { detect: false, ignoreMissing: true }]];
const components: Parameters<typeof ReactMarkdown>[0]['components'] = { pre: ({ node: _node, ...props }) => <CodeBlock {...props} /> };

/**
 * Renders an answer as markdown with highlighted code. While text streams in, rendering is
 * deferred so a burst of deltas never blocks typing or the other side's updates.
 */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  const deferred = useDeferredValue(text);
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
        {deferred}
      </ReactMarkdown>
    </div>
  );
});
