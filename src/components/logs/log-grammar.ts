/**
 * A small TextMate grammar for the log formats the parser reads (roas-bot, Python logging and its
 * tracebacks, Django JSON, Civitai, Rust tracing, generic): timestamps, level words, registry
 * codes, exception types, traceback frames, `Context:`/`Details:`/`Caused by:` labels, JSON keys,
 * quoted strings, URLs and numbers. Scopes are chosen so GitHub's light and dark themes colour
 * errors red, warnings orange and quiet levels grey.
 */
import type { LanguageRegistration } from 'shiki/core';

export const LOG_LANGUAGE = 'errdex-log';

export const logGrammar: LanguageRegistration = {
  name: LOG_LANGUAGE,
  scopeName: 'source.errdex-log',
  patterns: [
    { include: '#frame' },
    { include: '#label' },
    { include: '#timestamp' },
    { include: '#level' },
    { include: '#code' },
    { include: '#exception' },
    { include: '#json-key' },
    { include: '#string' },
    { include: '#url' },
    { include: '#number' },
  ],
  repository: {
    timestamp: {
      match: '\\b\\d{4}[-/]\\d{2}[-/]\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d{1,9})?(?:Z|[+-]\\d{2}:?\\d{2})?',
      name: 'comment.timestamp.log',
    },
    level: {
      patterns: [
        { match: '\\b(?:CRITICAL|FATAL|PANIC|EMERG(?:ENCY)?|ALERT|ERROR|ERR|SEVERE|critical|fatal|error)\\b', name: 'markup.deleted.level.error.log' },
        { match: '\\b(?:WARNING|WARN|warning|warn)\\b', name: 'markup.changed.level.warning.log' },
        { match: '\\b(?:INFO|NOTICE|info|notice)\\b', name: 'markup.inserted.level.info.log' },
        { match: '\\b(?:DEBUG|TRACE|debug|trace)\\b', name: 'comment.level.debug.log' },
      ],
    },
    code: {
      match: '\\b[A-Z][A-Z0-9]{1,7}_\\d{3,5}\\b',
      name: 'constant.other.code.log',
    },
    exception: {
      match: '\\b(?:[A-Za-z_]\\w*\\.)*[A-Z]\\w*(?:Error|Exception|Warning|Timeout|Interrupt|Exit)(?:::[A-Z]\\w*)?\\b',
      name: 'entity.name.type.exception.log',
    },
    frame: {
      match: '^(\\s+File )("[^"]*")(, line )(\\d+)(, in )(\\S+)',
      captures: {
        1: { name: 'comment.frame.log' },
        2: { name: 'string.quoted.path.log' },
        3: { name: 'comment.frame.log' },
        4: { name: 'constant.numeric.line.log' },
        5: { name: 'comment.frame.log' },
        6: { name: 'entity.name.function.log' },
      },
    },
    label: {
      match: '^(?:Traceback \\(most recent call last\\):|Caused by:?|Context:|Details:|During handling of the above exception.*|The above exception was the direct cause.*)',
      name: 'markup.heading.label.log',
    },
    'json-key': {
      match: '"[\\w.@-]{1,64}"(?=\\s*:)',
      name: 'support.type.property-name.json.log',
    },
    string: {
      match: '"(?:[^"\\\\]|\\\\.){0,512}"|\'[^\'\\n]{0,512}\'',
      name: 'string.quoted.log',
    },
    url: {
      match: '\\bhttps?://[^\\s"\'<>]+',
      name: 'markup.underline.link.log',
    },
    number: {
      match: '\\b\\d+(?:\\.\\d+)?\\b',
      name: 'constant.numeric.log',
    },
  },
};
