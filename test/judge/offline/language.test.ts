import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../../src/judge/rule/evaluate-rule.js';
import { judgeOffline } from '../../../src/judge/offline/offline-judge.js';
import { detectLanguage } from '../../../src/judge/offline/language.js';
import { computeQaScore } from '../../../src/rubric/qa-score.js';
import { loadRubricFile } from '../../../src/rubric/load.js';
import type { RuleCriterion } from '../../../src/rubric/schema.js';
import { makeTranscript, say } from '../../helpers/transcripts.js';
import { expectValidVerdict, SHIPPED } from './helpers.js';

const chat = (...lines: string[]) =>
  makeTranscript(lines.map((l, i) => say(i % 2 === 0 ? 'customer' : 'agent', l)));

const spanish = makeTranscript([
  say('agent', 'Hola, le informamos que esta conversación puede ser grabada con fines de calidad. ¿En qué puedo ayudarle?'),
  say('customer', 'Hola, mi pedido no ha llegado todavía y debía llegar el lunes. Es la segunda vez que pasa, gracias por nada.'),
  say('agent', 'Lo siento mucho. El repartidor lo entregará mañana antes de las 14:00 y le envío el número de seguimiento.'),
  say('customer', 'Vale, gracias.'),
]);

const others: Record<string, ReturnType<typeof chat>> = {
  fra: chat("Bonjour, ma commande n'est pas arrivée et elle devait arriver lundi.", 'Je suis désolé, je vérifie tout de suite votre commande et je reviens vers vous.', 'Merci beaucoup pour votre aide.'),
  deu: chat('Guten Tag, meine Bestellung ist noch nicht angekommen, sie sollte am Montag kommen.', 'Das tut mir leid, ich prüfe Ihre Bestellung sofort und melde mich gleich.', 'Vielen Dank für Ihre Hilfe.'),
  por: chat('Olá, a minha encomenda ainda não chegou e devia ter chegado na segunda-feira.', 'Peço desculpa, vou verificar a sua encomenda agora mesmo e já lhe respondo.', 'Muito obrigado pela ajuda.'),
  cmn: chat('你好，我的订单还没有到，应该周一到的。', '非常抱歉，我马上帮您查一下订单。', '谢谢'),
};

describe('language detection (franc-min)', () => {
  it('calls clearly non-English conversations by their language', () => {
    expect(detectLanguage(spanish)).toMatchObject({ language: 'spa', english: false });
    for (const [code, t] of Object.entries(others)) expect(detectLanguage(t)).toMatchObject({ language: code, english: false });
  });

  it('keeps English conversations English, foreign names and words included', () => {
    const english = [
      chat('Hi, my parcel has not arrived yet and it was due on Monday.', "I'm sorry, I'll check the order right away.", 'thanks'),
      chat('Hi Jose, gracias for waiting.', 'No problem, my pedido LK-1234 is still not here, can you check?', 'It arrives tomorrow before 2pm.'),
      chat('I want to cancel my subscription please, it is too expensive for me now', 'Done, you will not be charged again.'),
      chat('Bonjour! I need to change the delivery address for order 55 to 12 Rue de Rivoli, Paris.', 'Sure, the address is updated.'),
    ];
    for (const t of english) expect(detectLanguage(t).english).toBe(true);
  });

  it('does not guess on a few words: short Latin-script texts are judged as English', () => {
    // franc alone reads "ok" as Igbo and "Merci beaucoup" as Kurdish.
    for (const t of [chat('ok'), chat('Merci beaucoup'), chat('Hola, necesito ayuda'), chat('gracias', 'de nada'), chat('hi', '<EMAIL_1> https://example.com/a/b 12345')]) {
      const g = detectLanguage(t);
      expect(g).toMatchObject({ language: 'und', english: true });
      expect(g.letters).toBeLessThan(60);
    }
  });

  it('reads no language into links, emails, numbers and placeholders', () => {
    const t = chat('https://www.example.com/orders/12345/status?lang=es ana.garcia@example.es 4111 1111', 'ok <PHONE_1>');
    expect(detectLanguage(t).language).toBe('und');
  });
});

describe('the offline judge on a non-English conversation', () => {
  it('answers N/A with OFFLINE_LANGUAGE for every judged criterion, naming the language; no error', () => {
    const verdicts = judgeOffline(spanish, SHIPPED);
    expect(verdicts).toHaveLength(SHIPPED.length);
    verdicts.forEach((v, i) => {
      expectValidVerdict(spanish, SHIPPED[i]!, v);
      expect(v).toMatchObject({ value: null, na: true, na_code: 'OFFLINE_LANGUAGE', error: null, evidence: [] });
      expect(v.rationale).toContain('Spanish (spa)');
      expect(v.rationale).toContain('Rule criteria are still checked');
    });
  });

  it('still runs rule criteria, and the QA score is null rather than a score over the rules alone', () => {
    const loaded = loadRubricFile('rubrics/support-qa.yaml');
    const rules = loaded.rubric.criteria.filter((c): c is RuleCriterion => c.kind === 'rule');
    const ruleVerdicts = rules.map((c) => evaluateRule(c, spanish));
    expect(ruleVerdicts.find((v) => v.criterion === 'recording_disclosure')?.value).toBe('pass');
    const all = [...judgeOffline(spanish, SHIPPED), ...ruleVerdicts];
    expect(computeQaScore(loaded.rubric, all)).toEqual({ score: null, auto_fail: false, failed_critical: [] });
    // A failed critical rule still auto-fails the conversation.
    const undisclosed = makeTranscript(spanish.messages.map((m, i) => (i === 0 ? { ...m, text: 'Hola, ¿en qué puedo ayudarle hoy con su pedido?' } : m)));
    const failing = [...judgeOffline(undisclosed, SHIPPED), ...rules.map((c) => evaluateRule(c, undisclosed))];
    expect(computeQaScore(loaded.rubric, failing)).toMatchObject({ score: 0, auto_fail: true, failed_critical: ['recording_disclosure'] });
  });

  it('judges English conversations as before: no na_code', () => {
    const t = chat('Hi, my parcel has not arrived yet and it was due on Monday.', "I'm sorry. I've checked: it arrives tomorrow before 2pm, tracking 1Z999.", 'that worked, thanks!');
    for (const v of judgeOffline(t, SHIPPED)) expect(v.na_code).toBeUndefined();
  });
});
