import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { analyseCommand } from '../../src/registry/command-hazards.ts';
import { shellParser } from '../../src/registry/shell-parser-fs.ts';
import { sqlHazards } from '../../src/registry/sql-hazards.ts';

let parser: Parser;
beforeAll(async () => {
  parser = await shellParser();
});

const databases = ['data/discord_data.db', 'data/memory/memory.db'];
const words = (code: string, lang = 'bash') => analyseCommand(parser, lang, code, { databases }).hazards.map((h) => `${h.kind}:${h.word}`);

describe('destructive shell commands', () => {
  it.each([
    ['rm -rf data/', 'removal:rm'],
    ['rm -r ~/.cache/huggingface', 'removal:rm'],
    ['rm --force old.log', 'removal:rm'],
    ['rm -f downloads/*.tmp "$HOME/model.safetensors"', 'removal:rm'],
    ['rm -rf /tmp/../home/bot', 'removal:rm'],
    ['rm -rf /tmp/..', 'removal:rm'],
    ['rm data/discord_data.db-wal', 'removal:rm'],
    ['sudo rm -Rf /srv/bot/data', 'removal:rm'],
    ['find . -name "*.db-wal" -delete', 'removal:find'],
    ['find logs -mtime +7 -exec rm -f {} \\;', 'removal:rm'],
    ['ls *.tmp | xargs rm -f', 'removal:rm'],
    ['bash -c "rm -rf data/memory"', 'removal:rm'],
    ["bash <<'EOF'\nrm -rf data/memory\nEOF", 'removal:rm'],
    ['docker compose exec bot rm -rf /app/data', 'removal:rm'],
    ['docker compose down -v', 'removal:docker compose down'],
    ['docker-compose down --volumes', 'removal:docker-compose down'],
    ['dropdb app_db', 'sql:dropdb'],
    ['sqlite3 data/discord_data.db "DROP TABLE achievements;"', 'sql:DROP'],
    ["sqlite3 x.db 'DELETE FROM logs;'", 'sql:DELETE'],
    ['sqlite3 x.db "UPDATE users SET balance = 0"', 'sql:UPDATE'],
    ['sqlite3 x.db <<EOF\nBEGIN;\nDELETE FROM embeddings;\nCOMMIT;\nEOF', 'sql:DELETE'],
    ['psql -h localhost -U user -d app_db -c "TRUNCATE proxy_node;"', 'sql:TRUNCATE'],
    ['python src/manage.py flush --noinput', 'sql:manage.py flush'],
    ['redis-cli FLUSHDB', 'flush:redis-cli FLUSHDB'],
    ['redis-cli -u "$REDIS_URL" flushall', 'flush:redis-cli FLUSHALL'],
    ['python -m json.tool fixed.json > settings.json', 'redirect:>'],
    ['echo "DJANGO_SECRET_KEY=x" >| .env', 'redirect:>|'],
    ['pip freeze | tee requirements.txt', 'redirect:tee'],
    ['cp backups/latest_backup.db data/discord_data.db', 'overwrite:cp'],
    ['mv data/memory/memory.db.new data/memory/memory.db', 'overwrite:mv'],
    ['cp backups/discord_data.db data/', 'overwrite:cp'],
    ['sqlite3 data/discord_data.db ".restore backups/latest.db"', 'overwrite:sqlite3 .restore'],
    ['dd if=/dev/zero of=data/discord_data.db bs=1 count=100', 'overwrite:dd'],
    ['chmod -R 755 ./data ./logs', 'permissions:chmod'],
    ['sudo chown -R 1000:1000 ./data', 'permissions:chown'],
    ['chmod -Rv u+rwX data', 'permissions:chmod'],
  ])('%s', (code, expected) => {
    expect(words(code)).toContain(expected);
  });

  it('reads SQL commands', () => {
    expect(words('DELETE FROM embeddings;', 'sql')).toEqual(['sql:DELETE']);
    expect(words('DROP INDEX idx_users_guild_id;', 'sql')).toEqual(['sql:DROP']);
    expect(words('ALTER TABLE users DROP COLUMN note;', 'sql')).toEqual(['sql:DROP']);
  });

  it('points at the line of the hazard within the command', () => {
    const [hazard] = analyseCommand(parser, 'bash', 'ls -la data/\n# then\nrm -rf data/tmp', { databases }).hazards;
    expect(hazard).toMatchObject({ word: 'rm', line: 2 });
  });
});

describe('harmless commands', () => {
  it.each([
    'ls -la data/',
    'rm notes.txt',
    'rmdir empty-dir',
    'echo "rm -rf /" ',
    "grep -n 'DROP TABLE' migrations/*.sql",
    'sqlite3 data/discord_data.db "SELECT COUNT(*) FROM users;"',
    'sqlite3 x.db "DELETE FROM logs WHERE created_at < datetime(\'now\', \'-30 days\');"',
    'sqlite3 x.db "UPDATE users SET active = 0 WHERE id = 5"',
    "sqlite3 x.db \"SELECT 'DROP TABLE users; DELETE FROM x'\"",
    'sqlite3 -readonly data/discord_data.db "DELETE FROM users"',
    'sqlite3 x.db "INSERT INTO t VALUES (1) ON CONFLICT(id) DO UPDATE SET v = 2"',
    "sqlite3 data/discord_data.db \".backup 'data/discord_data.db.bak'\"",
    'cp data/discord_data.db data/discord_data.db.before-fix',
    'cp --backup=numbered restored.db data/discord_data.db',
    'cp -n backups/latest.db data/discord_data.db',
    'mv data/discord_data.db-wal data/discord_data.db-wal.kept',
    'mv data/memory/memory.db "$keep/"',
    'cp data/discord_data.db backups/',
    'python -m json.tool settings.json > /dev/null',
    'journalctl -u bot > "bot-$(date +%Y%m%d-%H%M%S).log" 2>&1',
    'set -o noclobber; pip freeze > requirements-now.txt',
    'tee -a notes.txt < report.txt',
    'redis-cli -h localhost ping',
    'redis-cli --scan --pattern "proxy:*"',
    'chmod 600 .env',
    'chmod u+rwX data',
    'docker compose down',
    'pg_dump -Fc app_db -f "app_db-$(date +%F).dump"',
    'python src/manage.py migrate',
    'kill 4242',
    'rm -f downloads/*.tmp cache/*.cache',
    'rm -f /tmp/discord_bot_test',
  ])('%s', (code) => {
    const analysis = analyseCommand(parser, 'bash', code, { databases });
    expect(analysis.syntaxError).toBeUndefined();
    expect(analysis.hazards).toEqual([]);
  });

  it('notes a known database opened for writing, which a diagnosis must not do', () => {
    const opens = (code: string) => analyseCommand(parser, 'bash', code, { databases }).writableOpens.map((o) => o.word);
    expect(opens('sqlite3 data/discord_data.db ".tables"')).toEqual(['sqlite3 data/discord_data.db']);
    expect(opens('sqlite3 -readonly data/discord_data.db ".tables"')).toEqual([]);
    expect(opens('sqlite3 :memory: < scripts/migrations/003.sql')).toEqual([]);
  });

  it('does not read languages it does not know', () => {
    expect(analyseCommand(parser, 'python', 'shutil.rmtree("data")').analysed).toBe(false);
  });
});

describe('copies and syntax', () => {
  it('finds the commands that keep a copy', () => {
    const copies = (code: string) => analyseCommand(parser, 'bash', code, { databases }).copies.map((c) => c.word);
    expect(copies('cp data/discord_data.db data/discord_data.db.bak')).toEqual(['cp']);
    expect(copies('sqlite3 data/memory/memory.db ".backup \'memory.db.bak\'"')).toEqual(['sqlite3 .backup']);
    expect(copies('sqlite3 x.db "VACUUM INTO \'copy.db\'"')).toEqual(['sqlite3 VACUUM INTO']);
    expect(copies('getfacl -R data > data-permissions.acl')).toEqual(['getfacl']);
    expect(copies('ls -la data')).toEqual([]);
  });

  it('reports text the shell cannot parse, such as a <PID> placeholder turned redirection', () => {
    expect(analyseCommand(parser, 'bash', 'if then fi (', { databases }).syntaxError).toBe(0);
    expect(words('kill <PID>\nsudo systemctl restart bot')).toContain('redirect:>');
  });
});

describe('sql tokens', () => {
  it('ignores keywords in comments and strings and splits statements', () => {
    expect(sqlHazards("-- DROP TABLE x\n/* DELETE FROM y */ SELECT 'TRUNCATE';")).toEqual([]);
    expect(sqlHazards('SELECT 1;\n\nDELETE FROM t;').map((h) => [h.word, h.line])).toEqual([['DELETE', 2]]);
    expect(sqlHazards('WITH old AS (SELECT id FROM t WHERE x) DELETE FROM t;').map((h) => h.word)).toEqual(['DELETE']);
    expect(sqlHazards('DELETE FROM t WHERE id IN (SELECT id FROM u);')).toEqual([]);
  });
});
