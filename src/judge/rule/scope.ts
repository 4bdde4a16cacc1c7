import type { RuleScope } from '../../rubric/rule-schema.js';
import type { Message } from '../../transcript/schema.js';

/** A message a rule looks at, with its index in the transcript (evidence cites that index). */
export interface ScopedMessage {
  index: number;
  message: Message;
}

/** The messages a rule's scope selects: those of the scope's roles, then the first or last N of them. */
export function selectScope(messages: readonly Message[], scope: RuleScope): ScopedMessage[] {
  const roles = new Set(scope.roles);
  const picked: ScopedMessage[] = [];
  messages.forEach((message, index) => {
    if (roles.has(message.role)) picked.push({ index, message });
  });
  if (scope.first !== undefined) return picked.slice(0, scope.first);
  if (scope.last !== undefined) return picked.slice(-scope.last);
  return picked;
}

/** "the first 2 agent or bot messages", for rationales. */
export function describeScope(scope: RuleScope): string {
  const roles = scope.roles.join(' or ');
  if (scope.first !== undefined) return `the first ${scope.first} ${roles} message${scope.first === 1 ? '' : 's'}`;
  if (scope.last !== undefined) return `the last ${scope.last} ${roles} message${scope.last === 1 ? '' : 's'}`;
  return `all ${roles} messages`;
}
