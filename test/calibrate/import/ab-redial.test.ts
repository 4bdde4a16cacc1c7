import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { importAbRedial, TASK_COMPLETION_TO_RESOLUTION } from '../../../src/calibrate/import/ab-redial.js';
import type { ImportEvent } from '../../../src/calibrate/import/import-event.js';

/** A small CSV in the AB-ReDial `annotated_dialogues.csv` layout, written for these tests (3 utterance columns). */
const HEADER = 'ConvId,utterance0,utterance1,utterance2,understanding,task-completion,interest-arousal,efficiency,dialogue-overall,justification-text';
const A = '"SYSTEM\tHi, what do you like?","USER\tComedies, like ""Airplane! (1980)""",SYSTEM\tTry Hot Shots!';
const B = 'USER\u2003 Any thrillers?,SYSTEM   Se7en (1995),';

function csv(...rows: string[]): string {
  return [HEADER, ...rows].join('\n') + '\n';
}

async function run(text: string): Promise<ImportEvent[]> {
  const out: ImportEvent[] = [];
  for await (const e of importAbRedial(Readable.from([text]), { file: 'dlg.csv', corpusName: 'ab-redial' })) out.push(e);
  return out;
}
const items = (events: ImportEvent[]) => events.flatMap((e) => (e.kind === 'item' ? [e.item] : []));

describe('importAbRedial', () => {
  it('groups annotator rows by dialogue, one rater each, mapping overall and task completion', async () => {
    const events = await run(
      csv(
        `K1,${A},3.0,3.0,2.0,1.0,5.0,Great picks.`,
        `Q2,${B},2.0,1.0,0.0,0.0,2.0,`,
        `K1,${A},2.0,2.0,1.0,0.0,3.0,"Okay, not inspiring."`,
        `K1,${A},3.0,1.0,1.0,0.0,2.0,`,
      ),
    );
    expect(events.map((e) => e.kind)).toEqual(['item', 'item']);
    const [k1, q2] = items(events);
    expect(k1).toMatchObject({
      id: 'ab-redial-K1',
      customer_id: 'ab-redial-K1',
      channel: 'chat',
      messages: [
        { role: 'bot', text: 'Hi, what do you like?' },
        { role: 'customer', text: 'Comedies, like "Airplane! (1980)"' },
        { role: 'bot', text: 'Try Hot Shots!' },
      ],
      human_labels: [
        { rater: 'abr-a1', labels: { auto_csat: 5, resolution: 'resolved' } },
        { rater: 'abr-a2', labels: { auto_csat: 3, resolution: 'unresolved' } },
        { rater: 'abr-a3', labels: { auto_csat: 2, resolution: 'unresolved' } },
      ],
    });
    expect(k1!.metadata).toEqual({
      source: { corpus: 'ab-redial', file: 'dlg.csv', conv_id: 'K1', lines: [2, 4, 5] },
      aspect_ratings: [
        { rater: 'abr-a1', line: 2, understanding: 3, task_completion: 3, interest_arousal: 2, efficiency: 1, overall: 5, justification: 'Great picks.' },
        { rater: 'abr-a2', line: 4, understanding: 2, task_completion: 2, interest_arousal: 1, efficiency: 0, overall: 3, justification: 'Okay, not inspiring.' },
        { rater: 'abr-a3', line: 5, understanding: 3, task_completion: 1, interest_arousal: 1, efficiency: 0, overall: 2 },
      ],
    });
    // speaker prefixes separated by an EM SPACE or several spaces instead of a TAB
    expect(q2!.messages).toEqual([
      { role: 'customer', text: 'Any thrillers?' },
      { role: 'bot', text: 'Se7en (1995)' },
    ]);
    expect(TASK_COMPLETION_TO_RESOLUTION).toEqual({ 1: 'unresolved', 2: 'unresolved', 3: 'resolved' });
  });

  it('splits a ConvId that names two different dialogues, with a notice', async () => {
    const events = await run(csv(`K1,${A},3,3,2,1,5,`, `K1,${B},3,3,2,1,4,`, `K1,${A},3,3,2,1,4,`));
    expect(items(events).map((i) => [i.id, i.human_labels.length])).toEqual([
      ['ab-redial-K1', 2],
      ['ab-redial-K1-2', 1],
    ]);
    const notice = events.find((e) => e.kind === 'notice');
    expect(notice?.kind === 'notice' && notice.message).toBe(
      'dlg.csv: ConvId "K1" names 2 different dialogues (lines 2,4 / lines 3); imported as ab-redial-K1, ab-redial-K1-2',
    );
  });

  it('drops a bad or unlabelled annotator row with file, line and field, keeping the dialogue', async () => {
    const events = await run(
      csv(
        `K1,${A},3,3,2,1,5,`,
        `K1,${A},,,,,,`,
        `K1,${A},3,4,2,1,5,`,
        `K1,"BOT\thi",,,3,3,2,1,5,`,
        `K1,${A},3,3,2,1`,
        `Q2,${B},3,3,2,1,six,`,
      ),
    );
    const located = events.map((e) => (e.kind === 'item' ? ['item', e.item.id, e.item.human_labels.length] : e.kind === 'notice' ? ['notice'] : [e.kind, e.error.code, e.error.location]));
    expect(located).toEqual([
      ['problem', 'ABREDIAL_NO_LABELS', { file: 'dlg.csv', line: 3, field: 'dialogue-overall' }],
      ['problem', 'ABREDIAL_LABEL', { file: 'dlg.csv', line: 4, field: 'task-completion' }],
      ['problem', 'ABREDIAL_UTTERANCE', { file: 'dlg.csv', line: 5, field: 'utterance0' }],
      ['problem', 'ABREDIAL_ROW', { file: 'dlg.csv', line: 6 }],
      ['problem', 'ABREDIAL_LABEL', { file: 'dlg.csv', line: 7, field: 'dialogue-overall' }],
      ['skipped', 'ABREDIAL_LABEL', { file: 'dlg.csv', line: 7, field: 'dialogue-overall' }],
      ['item', 'ab-redial-K1', 1],
    ]);
  });

  it('uses a worker id column as the rater name when there is one', async () => {
    const header = `${HEADER},WorkerId`;
    const events = await run([header, `K1,${A},3,3,2,1,5,,W9`, `K1,${A},3,2,2,1,4,,W4`].join('\n'));
    expect(items(events)[0]!.human_labels.map((h) => h.rater)).toEqual(['W9', 'W4']);
  });

  it('fails, naming the column, when the header lacks a label column', async () => {
    await expect(run('ConvId,utterance0,understanding,task-completion,interest-arousal,efficiency\nK1,USER\thi,3,3,2,1\n')).rejects.toMatchObject({
      code: 'ABREDIAL_COLUMNS',
      location: { file: 'dlg.csv', line: 1, field: 'dialogue-overall' },
    });
  });
});
