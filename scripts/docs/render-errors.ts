import { ERROR_CATALOGUE, ERROR_CODES } from '@parley/protocol';
import { GENERATED_NOTICE, cell } from './markdown.ts';

/** docs/errors.md: the stable error catalogue (code, HTTP status, title, when, how to fix). */
export function renderErrors(): string {
  const rows = ERROR_CODES.map((code) => {
    const { status, title, when, fix } = ERROR_CATALOGUE[code];
    return `| \`${code}\` | ${status} | ${cell(title)} | ${cell(when)} | ${cell(fix)} |`;
  });
  return `# Error catalogue

${GENERATED_NOTICE}

Every HTTP error is \`application/problem+json\` (RFC 9457):

\`\`\`json
{ "type": "…", "title": "Token expired", "status": 401, "detail": "the token expired", "code": "TOKEN_EXPIRED" }
\`\`\`

Match on \`code\`: it is stable, and a retired code is never reused for another meaning.
\`title\` is the catalogue title; \`detail\` is a human-readable explanation for this occurrence.
No error body or log line ever contains a token, an authorization code, a secret or a claim
value. WebSocket error frames carry the same codes: \`{ "type": "error", "code": "..." }\`.
In a server log line an error (\`err\`) shows its \`name\`, \`message\`, \`stack\`, code (as
\`errorCode\`) and the causes that are errors, and nothing else: the other properties of an error
object, where HTTP client errors keep response bodies, are never logged.

| code | status | title | when | how to fix |
|---|---|---|---|---|
${rows.join('\n')}
`;
}
