import {
  DEFAULT_DETECTION_RULES,
  type DetectionRules,
  validateDetectionRules,
} from '../../shared/src/detect/index.ts';
import { effectiveDetectionRules } from '../relay-client/settings.ts';

/** Longest rules `detail` the page script parses (characters). */
export const MAX_PAGE_RULES_CHARS = 64 * 1024;

/**
 * The detection rules the page script uses: the built-in ones plus the extra rules in `detail` (a JSON
 * array string, as the relay script sends them). Anything malformed, oversized or invalid leaves the
 * built-in rules alone. Never throws.
 */
export function pageDetectionRules(detail: unknown): DetectionRules {
  if (typeof detail !== 'string' || detail.length > MAX_PAGE_RULES_CHARS) return DEFAULT_DETECTION_RULES;
  let parsed: unknown;
  try {
    parsed = JSON.parse(detail);
  } catch {
    return DEFAULT_DETECTION_RULES;
  }
  const checked = validateDetectionRules(parsed);
  if (!checked.ok) return DEFAULT_DETECTION_RULES;
  return effectiveDetectionRules({ detectionRules: checked.rules });
}
