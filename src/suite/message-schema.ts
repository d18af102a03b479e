import { z } from 'zod';
import { mapping, text } from './schema-primitives.js';

// The message, tool and turn parts of a case, as the API has them.

export const ROLES = ['system', 'developer', 'user', 'assistant', 'tool'] as const;

const imageUrl = z.union(
  [
    text(),
    z.strictObject({
      url: text('an image URL (https://...) or data URL (data:image/png;base64,...)'),
      detail: z.enum(['auto', 'low', 'high'], { error: 'auto, low or high' }).optional(),
    }),
  ],
  { error: 'an image URL, or a mapping { url, detail }' },
);
export const contentPart = z.discriminatedUnion(
  'type',
  [z.strictObject({ type: z.literal('text'), text: text() }), z.strictObject({ type: z.literal('image_url'), image_url: imageUrl })],
  { error: 'a content part: { type: text, text: ... } or { type: image_url, image_url: { url: ... } }' },
);
/** An assistant turn's call, as the API carries it; arguments as JSON text or a mapping (sent as its JSON). */
const messageToolCall = z.strictObject(
  {
    id: text('the call id that a tool message answers (tool_call_id)'),
    type: z.literal('function', { error: 'function' }).optional(),
    function: z.strictObject(
      {
        name: text('a function name'),
        arguments: z.union([z.string(), z.record(z.string(), z.unknown())], { error: 'the arguments: JSON text or a mapping' }).optional(),
      },
      { error: 'a mapping { name, arguments }' },
    ),
  },
  { error: 'a tool call { id, type: function, function: { name, arguments } }' },
);

/** A chat message as the API has it; which fields each role needs is checked in chat-messages.ts, with locations. */
export const messageSchema = z.strictObject(
  {
    role: z.enum(ROLES, { error: `one of ${ROLES.join(', ')}` }),
    content: z
      .union([text(), z.array(contentPart), z.null()], { error: 'text, a list of content parts (text and image_url), or null' })
      .optional(),
    name: text().optional(),
    tool_calls: z.array(messageToolCall, { error: 'a list of tool calls' }).optional(),
    tool_call_id: text('the id of the call this tool message answers').optional(),
  },
  { error: 'a chat message with role and content' },
);
export type WrittenContentPart = z.infer<typeof contentPart>;
/** A function the model may call, as the API takes it. */
export const functionTool = z.strictObject(
  {
    type: z.literal('function', { error: 'function' }),
    function: z.strictObject(
      {
        name: z
          .string({ error: 'a function name' })
          .regex(/^[A-Za-z0-9_-]{1,64}$/u, { error: 'a function name: letters, digits, _ and -, at most 64' }),
        description: text().optional(),
        parameters: mapping('a JSON Schema of the arguments').optional(),
        strict: z.boolean({ error: 'true or false' }).optional(),
      },
      { error: 'a mapping { name, description, parameters }' },
    ),
  },
  { error: 'a tool { type: function, function: { name, description, parameters } }' },
);
export const toolChoice = z.union(
  [
    z.enum(['none', 'auto', 'required']),
    z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: text('a function name') }) }),
  ],
  { error: 'none, auto, required, or { type: function, function: { name } }' },
);

/** What a tool answers, by function name: text, or a value sent as its JSON. */
export const toolResults = z.record(z.string(), z.unknown(), { error: 'a mapping of function names to what each answers' });
export const turnUser = z.union([text(), z.array(contentPart, { error: 'a list of content parts' })], {
  error: 'the user message: text, or a list of content parts',
});
