// A call sequence in a check's message, one numbered line per call (and
// indented lines for what was expected and what came back), so a report,
// the console and a CI log all show the steps that reproduce a failure.

export interface SequenceStep {
  readonly fn: string;
  /** The input as text (JSON of the values). */
  readonly input: string;
  /** The codec's hex view of the bytes sent, for packed inputs. */
  readonly inputHex?: string;
  readonly expected?: string;
  readonly actual?: string;
  /** The hex view of what came back, for packed outputs. */
  readonly outputHex?: string;
  /** Marks the step that failed. */
  readonly failed?: boolean;
}

export function sequenceLines(steps: readonly SequenceStep[]): string {
  const lines: string[] = [];
  steps.forEach((step, i) => {
    lines.push(`  ${i + 1}. ${step.fn}(${step.input})${step.failed === true ? '   <- fails here' : ''}`);
    if (step.inputHex !== undefined) lines.push(`       sent:     ${indent(step.inputHex)}`);
    if (step.expected !== undefined) lines.push(`       expected: ${indent(step.expected)}`);
    if (step.actual !== undefined) lines.push(`       actual:   ${indent(step.actual)}`);
    if (step.outputHex !== undefined) lines.push(`       returned: ${indent(step.outputHex)}`);
  });
  return lines.join('\n');
}

function indent(text: string): string {
  return text.replace(/\n/g, '\n                 ');
}
