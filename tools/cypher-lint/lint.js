// Lint Cypher statements with Neo4j's own parser and semantic checker.
// stdin: {"schema": {"labels": [...], "relationshipTypes": [...], "propertyKeys": [...]},
//         "statements": [{"name": "...", "query": "...", "parameters": {...}}]}
// stdout: [{"name", "diagnostics": [{"severity", "message", "offset"}]}]
const { lintCypherQuery, testData } = require("@neo4j-cypher/language-support");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { schema, statements } = JSON.parse(input);
  const out = statements.map((s) => {
    // Neo4j's bundled catalogue of built-in functions and procedures, so a call that Neo4j
    // does not have (a FalkorDB-only db.idx.* say) is reported, not silently accepted.
    const dbSchema = {
      functions: testData.mockSchema.functions,
      procedures: testData.mockSchema.procedures,
      ...schema,
      parameters: s.parameters || {},
    };
    const result = lintCypherQuery(s.query, dbSchema);
    const diags = Array.isArray(result) ? result : (result.diagnostics || []);
    return {
      name: s.name,
      diagnostics: diags.map((d) => ({
        severity: d.severity,
        message: d.message,
        offset: d.offsets ? d.offsets.start : null,
      })),
    };
  });
  process.stdout.write(JSON.stringify(out));
});
