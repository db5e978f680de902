import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_TEXT } from '@parley/protocol';
import { createFrameParser, parseClientFrame } from './validate-frame.ts';

/** A frame schema with what the former hand-written checker could not read: `enum` and a boolean. */
const presence = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'state', 'visible'],
  properties: {
    type: { const: 'presence' },
    state: { type: 'string', enum: ['online', 'away'] },
    visible: { type: 'boolean' },
  },
} as const;

describe('client frames are checked by a complete JSON Schema validator', () => {
  const parse = createFrameParser({ presence });

  it('accepts a boolean property (the hand-written checker refused every boolean)', () => {
    expect(parse('{"type":"presence","state":"online","visible":true}', ['presence'])).toEqual({
      ok: true,
      frame: { type: 'presence', state: 'online', visible: true },
    });
  });

  it('refuses a string outside the enum (the hand-written checker ignored `enum`)', () => {
    expect(parse('{"type":"presence","state":"asleep","visible":true,"id":"p1"}', ['presence'])).toEqual({
      ok: false,
      id: 'p1',
    });
    expect(parse('{"type":"presence","state":"away","visible":"yes"}', ['presence']).ok).toBe(false);
  });

  it('counts message text in UTF-16 code units, as the protocol states the limit', () => {
    const send = (text: string) =>
      parseClientFrame(JSON.stringify({ type: 'message.send', clientMessageId: 'c', text }), [
        'message.send',
      ]);
    // MAX_MESSAGE_TEXT / 2 + 1 emoji: fewer code points than the limit, more UTF-16 code units
    expect(send('😀'.repeat(MAX_MESSAGE_TEXT / 2 + 1)).ok).toBe(false);
    expect(send('😀'.repeat(MAX_MESSAGE_TEXT / 2)).ok).toBe(true);
  });

  it('never coerces: a numeric string is not a seq, a number is not an id', () => {
    expect(parseClientFrame('{"type":"read","conversationId":"c","seq":"1"}', ['read']).ok).toBe(false);
    expect(parseClientFrame('{"type":"read","conversationId":1,"seq":1}', ['read']).ok).toBe(false);
    expect(parseClientFrame('{"type":"read","conversationId":"c","seq":1}', ['read']).ok).toBe(true);
  });
});
