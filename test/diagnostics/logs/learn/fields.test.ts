import { describe, expect, it } from 'vitest';
import { readFields } from '../../../../src/diagnostics/logs/learn/fields.ts';

const kinds = (line: string) => readFields(line).map((f) => `${f.kind}${f.open ?? ''}${f.module ?? ''}:${f.value}`);

describe('readFields', () => {
  it.each([
    ['081109 203518 143 INFO dfs.DataNode$DataXceiver: Receiving block', ['time:081109 203518', 'int:143', 'level:INFO', 'tag:dfs.DataNode$DataXceiver', 'word:Receiving', 'word:block']],
    ['[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok', ['time[:Sun Dec 04 04:47:44 2005', 'level[:notice', 'word:workerEnv.init()', 'word:ok']],
    ['Jun 14 15:16:01 combo sshd(pam_unix)[19939]: session opened', ['time:Jun 14 15:16:01', 'word:combo', 'tag:sshd(pam_unix)', 'word:session', 'word:opened']],
    ['2024/01/05 10:00:00 [error] 1234#1234: *1 open() failed', ['time:2024/01/05 10:00:00', 'level[:error', 'pidtid:1234#1234', 'word:*1', 'word:open()', 'word:failed']],
    ['[Fri Jan 05 10:00:00.123 2024] [core:error] [pid 1:tid 2] AH00126: x', ['time[:Fri Jan 05 10:00:00.123 2024', 'level[::error', 'bracket[:pid 1:tid 2', 'tag:AH00126', 'word:x']],
    ['time=2024-01-05T10:00:00Z level=info msg="a b"', ['time:2024-01-05T10:00:00Z', 'level:info', 'word:msg="a b"']],
    ['-1 flag', ['int:-1', 'word:flag']],
    ['  indented line', []],
    ['\tat com.example.App.main(App.java:10)', []],
  ])('%s', (line, expected) => {
    expect(kinds(line)).toEqual(expected);
  });

  it('records the separator after each field', () => {
    expect(readFields('20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579').map((f) => f.sep)).toEqual(['|', '|', '|', ' ', '']);
    expect(readFields('INFO:root:hello world').map((f) => `${f.kind}:${f.value}:${f.sep}`)).toEqual(['level:INFO::', 'tag:root::', 'word:hello: ', 'word:world:']);
  });
});
