// contract_10000: 10k service records, each checked like a record contract: typed fields, a
// port range, a nested record, array elements, and a default for replicas.
local N = 10000;
local check(s) =
  assert std.isString(s.name) : 'name must be a string';
  assert std.isNumber(s.port) && s.port >= 1 && s.port <= 65535 : 'port out of range';
  assert std.length(std.filter(function(t) !std.isString(t), s.tags)) == 0 : 'tags must be strings';
  assert std.isString(s.owner.team) && std.isString(s.owner.email) : 'bad owner';
  assert std.length(std.objectFields(s.owner)) == 2 : 'owner has extra fields';
  { replicas: 1 } + s;
{
  count: N,
  services: [
    check({
      name: 'svc-' + i,
      port: 1000 + i % 5000,
      tags: ['a', 't' + (i % 7)],
      owner: { team: 't' + (i % 10), email: 't' + (i % 10) + '@example.com' },
    })
    for i in std.range(0, N - 1)
  ],
}
