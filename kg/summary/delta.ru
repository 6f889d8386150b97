# One disclosure's contribution to the summary graph, added (?sign 1) or subtracted (?sign -1).
# ?d (the disclosure's graph) and ?sign are written in as constants by kg.summary (a GRAPH <g>
# is planned as one graph's lookups; a GRAPH ?d bound by VALUES or BIND is not). Ingest runs
# this with -1 before dropping a disclosure's old graph and with +1 after loading the new one, in
# the same update as the load, so the summary follows the store without a rebuild.
# Every cell is keyed by a deterministic IRI: its old values are single-pattern lookups. Sums and
# counts of disclosures move by deltas; counts of departments move when a department's own count
# of disclosures in the cell goes 0 → 1 or 1 → 0 (gk:CellDepartment); names that are a minimum are
# read again from their members after the deltas (the tidy part at the end). A node whose
# count falls to 0 is deleted.
# A key IRI is made as COALESCE(IRI(…), <https://w3id.org/govkg/id/summary/unkeyed>): it cannot fail here, but only a variable that
# is bound for certain lets Oxigraph look its old values up per cell (a for-loop join); a BIND
# that might fail makes it hash every count of the summary instead (19 s per load at 1,000).
# A key made from a printed name hashes the name's percent-encoding, SHA1(ENCODE_FOR_URI(…)): Virtuoso
# 7.2.5 hashes a stored non-ASCII string's UTF-8 encoded twice, and so would mint other keys.
# A cell's unit (its own, else its disclosure's) is compared with gk:Yuan, the ontology's units
# being 元 and 万元 (tests/test_ontology.py), not joined on the ontology's multipliers: on that
# join Virtuoso 7.2.5 at times never answers, and an ingest through its endpoint stalls.
# An update reads the store's own default graph, not the union: every pattern names its graph.
PREFIX gk:    <https://w3id.org/govkg/ontology#>
PREFIX gkm:   <https://w3id.org/govkg/def/measure/>
PREFIX gkt:   <https://w3id.org/govkg/def/table/>
PREFIX skos:  <http://www.w3.org/2004/02/skos/core#>
PREFIX qb:    <http://purl.org/linked-data/cube#>
PREFIX sh:    <http://www.w3.org/ns/shacl#>

# Code totals (per year and over all years): amount, disclosures, departments.
DELETE { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?cell gk:amountWan ?oldTotal ; gk:disclosureCount ?oldCount ; gk:departmentCount ?oldDepartments .
  ?member gk:disclosureCount ?oldMember .
} }
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?cell a gk:CodeTotal ; gk:kind ?kind ; gk:fiscalYear ?cellYear ; skos:notation ?code ;
        gk:amountWan ?total ; gk:disclosureCount ?count ; gk:departmentCount ?departments .
  ?member a gk:CellDepartment ; gk:cell ?cell ; gk:forDepartment ?dept ; gk:disclosureCount ?memberCount .
} }
WHERE {
  {
    SELECT ?kind ?fy ?dept ?code (SUM(?wan) AS ?amount) WHERE {
      VALUES (?kind ?column) { (gk:FinalAccounts gkt:final-03-c1) (gk:Budget gkt:budget-03-c1) }
      GRAPH ?d {
        ?d gk:kind ?kind ; gk:fiscalYear ?fy ; gk:department ?dept .
        ?o gk:column ?column ; gk:functionalClassification ?c ; gk:amount ?printed .
        OPTIONAL { ?o gk:item ?printedName } OPTIONAL { ?o gk:unit ?ownUnit }
        ?d gk:unit ?disclosureUnit .
        ?c skos:notation ?code .
      }
      OPTIONAL { GRAPH <https://w3id.org/govkg/graph/codes> { ?c skos:prefLabel ?listedName } }
      BIND (COALESCE(?printedName, STR(?listedName)) AS ?item)
      BIND (IF(COALESCE(?ownUnit, ?disclosureUnit) = gk:Yuan, ?printed * 0.0001, ?printed) AS ?wan)
    }
    GROUP BY ?kind ?fy ?dept ?code
  }
  VALUES ?scope { "year" "all" }
  BIND (IF(?scope = "year", ?fy, ?none) AS ?cellYear)
  BIND (COALESCE(IRI(CONCAT("https://w3id.org/govkg/id/summary/code-total/", STRAFTER(STR(?kind), "#"), "/",
                   COALESCE(STR(?cellYear), "all"), "/", ?code)), <https://w3id.org/govkg/id/summary/unkeyed>) AS ?cell)
  BIND (COALESCE(IRI(CONCAT(STR(?cell), "/department/", SHA1(STR(?dept)))), <https://w3id.org/govkg/id/summary/unkeyed>) AS ?member)
  # One OPTIONAL per old value, each looked up from the bound cell: one OPTIONAL of the three
  # patterns took Oxigraph 256 ms against 17 ms at 10,000 disclosures (evaluated apart, it seems).
  OPTIONAL { GRAPH <https://w3id.org/govkg/graph/summary> { ?cell gk:amountWan ?oldTotal } }
  OPTIONAL { GRAPH <https://w3id.org/govkg/graph/summary> { ?cell gk:disclosureCount ?oldCount } }
  OPTIONAL { GRAPH <https://w3id.org/govkg/graph/summary> { ?cell gk:departmentCount ?oldDepartments } }
  OPTIONAL { GRAPH <https://w3id.org/govkg/graph/summary> { ?member gk:disclosureCount ?oldMember } }
  BIND (COALESCE(?oldTotal, 0.0) + ?sign * ?amount AS ?total)
  BIND (COALESCE(?oldCount, 0) + ?sign AS ?count)
  BIND (COALESCE(?oldMember, 0) + ?sign AS ?memberCount)
  BIND (COALESCE(?oldDepartments, 0) + IF(?memberCount = 0, -1, IF(?memberCount = 1 && ?sign = 1, 1, 0))
        AS ?departments)
} ;

# Region code totals (the department's region and every region above it): amount, disclosures.
DELETE { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?cell gk:amountWan ?oldTotal ; gk:disclosureCount ?oldCount .
} }
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?cell a gk:RegionCodeTotal ; gk:region ?region ; gk:kind ?kind ; gk:fiscalYear ?fy ;
        skos:notation ?code ; gk:amountWan ?total ; gk:disclosureCount ?count .
} }
WHERE {
  {
    SELECT ?region ?kind ?fy ?code (SUM(?wan) AS ?amount) WHERE {
      VALUES (?kind ?column) { (gk:FinalAccounts gkt:final-03-c1) (gk:Budget gkt:budget-03-c1) }
      GRAPH ?d {
        ?d gk:kind ?kind ; gk:fiscalYear ?fy ; gk:department ?dept .
        # The department's region and the ones above it (GB/T 2260 has three levels), step by step:
        # Virtuoso 7.2.5 drops skos:broader*'s zero-length step from a province and gives
        # skos:broader+'s second step twice.
        { ?dept gk:region ?region } UNION { ?dept gk:region/skos:broader ?region }
        UNION { ?dept gk:region/skos:broader/skos:broader ?region }
        ?o gk:column ?column ; gk:functionalClassification/skos:notation ?code ;
           gk:amount ?printed .
        OPTIONAL { ?o gk:unit ?ownUnit }
        ?d gk:unit ?disclosureUnit .
      }
      BIND (IF(COALESCE(?ownUnit, ?disclosureUnit) = gk:Yuan, ?printed * 0.0001, ?printed) AS ?wan)
    }
    GROUP BY ?region ?kind ?fy ?code
  }
  BIND (COALESCE(IRI(CONCAT("https://w3id.org/govkg/id/summary/region-total/", STRAFTER(STR(?kind), "#"), "/",
                   STR(?fy), "/", STRAFTER(STR(?region), "/id/region/"), "/", ?code)), <https://w3id.org/govkg/id/summary/unkeyed>) AS ?cell)
  OPTIONAL { GRAPH <https://w3id.org/govkg/graph/summary> { ?cell gk:amountWan ?oldTotal } }
  OPTIONAL { GRAPH <https://w3id.org/govkg/graph/summary> { ?cell gk:disclosureCount ?oldCount } }
  BIND (COALESCE(?oldTotal, 0.0) + ?sign * ?amount AS ?total)
  BIND (COALESCE(?oldCount, 0) + ?sign AS ?count)
} ;

# The names each code total is printed under, with how many disclosures print each; the cell lists
# the names still printed (gk:codeNameVariant), for the tidy part to read them one pattern per cell.
DELETE { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?use gk:disclosureCount ?old . ?cell gk:codeNameVariant ?gone .
} }
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?use a gk:CellName ; gk:cell ?cell ; gk:codeName ?item ; gk:disclosureCount ?count .
  ?cell gk:codeNameVariant ?printed .
} }
WHERE {
  {
    SELECT DISTINCT ?kind ?fy ?code ?item WHERE {
      VALUES (?kind ?column) { (gk:FinalAccounts gkt:final-03-c1) (gk:Budget gkt:budget-03-c1) }
      GRAPH ?d {
        ?d gk:kind ?kind ; gk:fiscalYear ?fy ; gk:department ?dept .
        ?o gk:column ?column ; gk:functionalClassification ?c ; gk:amount ?printed .
        OPTIONAL { ?o gk:item ?printedName }
        ?d gk:unit ?disclosureUnit .
        ?c skos:notation ?code .
      }
      OPTIONAL { GRAPH <https://w3id.org/govkg/graph/codes> { ?c skos:prefLabel ?listedName } }
      BIND (COALESCE(?printedName, STR(?listedName)) AS ?item)
    }
  }
  VALUES ?scope { "year" "all" }
  BIND (IF(?scope = "year", ?fy, ?none) AS ?cellYear)
  BIND (COALESCE(IRI(CONCAT("https://w3id.org/govkg/id/summary/code-total/", STRAFTER(STR(?kind), "#"), "/",
                   COALESCE(STR(?cellYear), "all"), "/", ?code)), <https://w3id.org/govkg/id/summary/unkeyed>) AS ?cell)
  BIND (COALESCE(IRI(CONCAT(STR(?cell), "/name/", SHA1(ENCODE_FOR_URI(?item)))), <https://w3id.org/govkg/id/summary/unkeyed>) AS ?use)
  OPTIONAL { GRAPH <https://w3id.org/govkg/graph/summary> { ?use gk:disclosureCount ?old } }
  BIND (COALESCE(?old, 0) + ?sign AS ?count)
  BIND (IF(?count > 0, ?item, ?none) AS ?printed)
  BIND (IF(?count = 0, ?item, ?none) AS ?gone)
} ;

# Printed (code, name) pairs and printed codes: disclosures printing them.
DELETE { GRAPH <https://w3id.org/govkg/graph/summary> { ?cell gk:disclosureCount ?old } }
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?cell a gk:CodeNameUse ; skos:notation ?code ; gk:codeName ?item ; gk:disclosureCount ?count .
} }
WHERE {
  {
    SELECT DISTINCT ?code ?item WHERE {
      VALUES ?classification { gk:functionalClassification gk:economicClassification }
      GRAPH ?d {
        ?o ?classification ?c .
        ?c skos:notation ?code .
        OPTIONAL { ?o gk:item ?printedName }
      }
      OPTIONAL { GRAPH <https://w3id.org/govkg/graph/codes> { ?c skos:prefLabel ?listedName } }
      BIND (COALESCE(?printedName, STR(?listedName)) AS ?item)
    }
  }
  BIND (COALESCE(IRI(CONCAT("https://w3id.org/govkg/id/summary/code-name/", ?code, "/", SHA1(ENCODE_FOR_URI(?item)))), <https://w3id.org/govkg/id/summary/unkeyed>) AS ?cell)
  OPTIONAL { GRAPH <https://w3id.org/govkg/graph/summary> { ?cell gk:disclosureCount ?old } }
  BIND (COALESCE(?old, 0) + ?sign AS ?count)
} ;
DELETE { GRAPH <https://w3id.org/govkg/graph/summary> { ?cell gk:disclosureCount ?old } }
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?cell a gk:CodeUse ; skos:notation ?code ; gk:disclosureCount ?count .
} }
WHERE {
  {
    SELECT DISTINCT ?code WHERE {
      VALUES ?classification { gk:functionalClassification gk:economicClassification }
      GRAPH ?d {
        ?o ?classification ?c .
        ?c skos:notation ?code .
      }
    }
  }
  BIND (COALESCE(IRI(CONCAT("https://w3id.org/govkg/id/summary/code/", ?code)), <https://w3id.org/govkg/id/summary/unkeyed>) AS ?cell)
  OPTIONAL { GRAPH <https://w3id.org/govkg/graph/summary> { ?cell gk:disclosureCount ?old } }
  BIND (COALESCE(?old, 0) + ?sign AS ?count)
} ;

# Validation findings by the department's region, rule and severity.
DELETE { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?cell gk:findingCount ?oldFindings ; gk:disclosureCount ?oldCount .
} }
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?cell a gk:FindingTally ; gk:region ?regionNode ; gk:regionName ?regionName ; gk:ruleCode ?rule ;
        sh:resultSeverity ?severity ; gk:findingCount ?total ; gk:disclosureCount ?count .
} }
WHERE {
  {
    SELECT ?regionNode ?regionName ?rule ?severity (COUNT(?f) AS ?findings) WHERE {
      GRAPH ?d {
        ?d gk:department/gk:region ?regionNode .
        ?regionNode gk:regionName ?regionName .
        ?f a sh:ValidationResult ; gk:ruleCode ?rule ; sh:resultSeverity ?severity .
      }
    }
    GROUP BY ?regionNode ?regionName ?rule ?severity
  }
  BIND (COALESCE(IRI(CONCAT("https://w3id.org/govkg/id/summary/findings/", SHA1(ENCODE_FOR_URI(CONCAT(STR(?regionNode), "|",
                   ?regionName, "|", ?rule, "|", STR(?severity)))))), <https://w3id.org/govkg/id/summary/unkeyed>) AS ?cell)
  OPTIONAL { GRAPH <https://w3id.org/govkg/graph/summary> { ?cell gk:findingCount ?oldFindings } }
  OPTIONAL { GRAPH <https://w3id.org/govkg/graph/summary> { ?cell gk:disclosureCount ?oldCount } }
  BIND (COALESCE(?oldFindings, 0) + ?sign * ?findings AS ?total)
  BIND (COALESCE(?oldCount, 0) + ?sign AS ?count)
} ;

# Codes outside the reference list: observations, and the departments printing them (by name).
DELETE { GRAPH <https://w3id.org/govkg/graph/summary> { ?cell gk:observationCount ?old } }
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?cell a gk:UnlistedCodeUse ; gk:code ?codeNode ; skos:notation ?code ; gk:codeName ?name ;
        skos:inScheme ?scheme ; gk:observationCount ?count .
} }
WHERE {
  {
    SELECT ?codeNode ?code ?name ?scheme (COUNT(?obs) AS ?facts) WHERE {
      GRAPH ?d {
        ?codeNode gk:inReferenceList false ; skos:notation ?code ; skos:prefLabel ?label ;
                  skos:inScheme ?scheme .
        VALUES ?classification { gk:functionalClassification gk:economicClassification }
        ?obs ?classification ?codeNode .
        ?d gk:department/skos:prefLabel ?deptLabel .
      }
      BIND (STR(?label) AS ?name)
    }
    GROUP BY ?codeNode ?code ?name ?scheme
  }
  BIND (COALESCE(IRI(CONCAT("https://w3id.org/govkg/id/summary/unlisted/", SHA1(ENCODE_FOR_URI(CONCAT(STR(?codeNode), "|",
                   ?name))))), <https://w3id.org/govkg/id/summary/unkeyed>) AS ?cell)
  OPTIONAL { GRAPH <https://w3id.org/govkg/graph/summary> { ?cell gk:observationCount ?old } }
  BIND (COALESCE(?old, 0) + ?sign * ?facts AS ?count)
} ;
# The cell names the departments still printing it (gk:departmentName): codes-not-in-reference
# lists them at query time (a stored list would be rewritten whole, every department's name, on
# each load of a department printing the code: 0.25 s per load at 10,000).
DELETE { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?member gk:disclosureCount ?old . ?cell gk:departmentName ?gone .
} }
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?member a gk:CellDepartment ; gk:cell ?cell ; gk:departmentName ?department ;
          gk:disclosureCount ?count .
  ?cell gk:departmentName ?printing .
} }
WHERE {
  {
    SELECT DISTINCT ?codeNode ?name ?department WHERE {
      GRAPH ?d {
        ?codeNode gk:inReferenceList false ; skos:notation ?code ; skos:prefLabel ?label ;
                  skos:inScheme ?scheme .
        VALUES ?classification { gk:functionalClassification gk:economicClassification }
        ?obs ?classification ?codeNode .
        ?d gk:department/skos:prefLabel ?deptLabel .
      }
      BIND (STR(?label) AS ?name)
      BIND (STR(?deptLabel) AS ?department)
    }
  }
  BIND (COALESCE(IRI(CONCAT("https://w3id.org/govkg/id/summary/unlisted/", SHA1(ENCODE_FOR_URI(CONCAT(STR(?codeNode), "|",
                   ?name))))), <https://w3id.org/govkg/id/summary/unkeyed>) AS ?cell)
  BIND (COALESCE(IRI(CONCAT(STR(?cell), "/department/", SHA1(ENCODE_FOR_URI(?department)))), <https://w3id.org/govkg/id/summary/unkeyed>) AS ?member)
  OPTIONAL { GRAPH <https://w3id.org/govkg/graph/summary> { ?member gk:disclosureCount ?old } }
  BIND (COALESCE(?old, 0) + ?sign AS ?count)
  BIND (IF(?count > 0, ?department, ?none) AS ?printing)
  BIND (IF(?count = 0, ?department, ?none) AS ?gone)
} ;

# Each department's spending profile: the 支出功能分类 codes with spending (amount > 0) in any of its
# expenditure tables, with how many of its disclosures show it; the department gk:spendsOn the code
# while one does (similar-departments reads those, by department and by code).
DELETE { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?cell gk:disclosureCount ?old . ?dept gk:spendsOn ?gone .
} }
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?cell a gk:DepartmentCode ; gk:forDepartment ?dept ; skos:notation ?code ; gk:disclosureCount ?count .
  ?dept gk:spendsOn ?spent .
} }
WHERE {
  {
    SELECT DISTINCT ?dept ?code WHERE {
      VALUES ?column { gkt:final-03-c1 gkt:budget-03-c1 }
      GRAPH ?d {
        ?d gk:department ?dept .
        ?o gk:column ?column ;
           gk:functionalClassification ?c ; gk:amount ?amount .
        ?c skos:notation ?code .
      }
      FILTER (?amount > 0)
    }
  }
  BIND (COALESCE(IRI(CONCAT("https://w3id.org/govkg/id/summary/department-code/", SHA1(STR(?dept)), "/",
                   ?code)), <https://w3id.org/govkg/id/summary/unkeyed>) AS ?cell)
  OPTIONAL { GRAPH <https://w3id.org/govkg/graph/summary> { ?cell gk:disclosureCount ?old } }
  BIND (COALESCE(?old, 0) + ?sign AS ?count)
  BIND (IF(?count > 0, ?code, ?none) AS ?spent)
  BIND (IF(?count = 0, ?code, ?none) AS ?gone)
} ;

# ---- tidy: drop what no disclosure contributes to any more, then re-derive the names.
DELETE { GRAPH <https://w3id.org/govkg/graph/summary> { ?node ?p ?o } }
WHERE { GRAPH <https://w3id.org/govkg/graph/summary> { ?node gk:disclosureCount 0 ; ?p ?o } } ;
DELETE { GRAPH <https://w3id.org/govkg/graph/summary> { ?node ?p ?o } }
WHERE { GRAPH <https://w3id.org/govkg/graph/summary> { ?node gk:observationCount 0 ; ?p ?o } } ;

# A code total's name is the first of the names it is printed under (code-point order). The names
# are read by OPTIONAL, one pattern per cell: Oxigraph then looks them up per cell (a for-loop),
# where a join would hash every name in the summary.
DELETE { GRAPH <https://w3id.org/govkg/graph/summary> { ?cell gk:codeName ?old } }
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> { ?cell gk:codeName ?name } }
WHERE {
  {
    SELECT ?cell (MIN(?item) AS ?name) WHERE {
      {
        SELECT DISTINCT ?kind ?fy ?code WHERE {
          VALUES (?kind ?column) { (gk:FinalAccounts gkt:final-03-c1) (gk:Budget gkt:budget-03-c1) }
          GRAPH ?d {
            ?d gk:kind ?kind ; gk:fiscalYear ?fy .
            ?o gk:column ?column ;
               gk:functionalClassification ?c .
            ?c skos:notation ?code .
          }
        }
      }
      VALUES ?scope { "year" "all" }
      BIND (IF(?scope = "year", ?fy, ?none) AS ?cellYear)
      BIND (COALESCE(IRI(CONCAT("https://w3id.org/govkg/id/summary/code-total/", STRAFTER(STR(?kind), "#"), "/",
                       COALESCE(STR(?cellYear), "all"), "/", ?code)), <https://w3id.org/govkg/id/summary/unkeyed>) AS ?cell)
      OPTIONAL { GRAPH <https://w3id.org/govkg/graph/summary> { ?cell gk:codeNameVariant ?item } }
    }
    GROUP BY ?cell
  }
  FILTER (BOUND(?name))  # a cell no disclosure prints any more is gone
  OPTIONAL { GRAPH <https://w3id.org/govkg/graph/summary> { ?cell gk:codeName ?old } }
} ;

# The department's count of profile codes per level (3, 5 or 7 digits), counted again.
DELETE { GRAPH <https://w3id.org/govkg/graph/summary> { ?node ?p ?o } }
WHERE {
  GRAPH ?d { ?d gk:department ?dept }
  GRAPH <https://w3id.org/govkg/graph/summary> { ?node gk:forDepartment ?dept ; a gk:DepartmentCodeCount ; ?p ?o }
} ;
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?node a gk:DepartmentCodeCount ; gk:forDepartment ?dept ; gk:codeLength ?length ; gk:codeCount ?codes .
} }
WHERE {
  {
    SELECT ?dept ?length (COUNT(?code) AS ?codes) WHERE {
      GRAPH ?d { ?d gk:department ?dept }
      GRAPH <https://w3id.org/govkg/graph/summary> {
        ?profile gk:forDepartment ?dept ; a gk:DepartmentCode ; skos:notation ?code .
      }
      BIND (STRLEN(?code) AS ?length)
    }
    GROUP BY ?dept ?length
  }
  BIND (COALESCE(IRI(CONCAT("https://w3id.org/govkg/id/summary/department-codes/", SHA1(STR(?dept)), "/",
                   STR(?length))), <https://w3id.org/govkg/id/summary/unkeyed>) AS ?node)
} ;

# Coverage: the department's rows and name, read again from its disclosures in the store; a
# disclosure being subtracted is still loaded (its graph is dropped after this update part), so it
# is left out. Each branch finds the department first: with the UNION inside one GRAPH pattern
# Oxigraph read every department's coverage before joining (54 ms at 10,000 disclosures; 8 ms now).
DELETE { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?node ?p ?o . ?dept gk:departmentName ?name ; gk:inRegion ?within .
} }
WHERE {
  { GRAPH ?d { ?d gk:department ?dept }
    GRAPH <https://w3id.org/govkg/graph/summary> { ?node gk:forDepartment ?dept ; a gk:DepartmentCoverage ; ?p ?o } }
  UNION
  { GRAPH ?d { ?d gk:department ?dept } GRAPH <https://w3id.org/govkg/graph/summary> { ?dept gk:departmentName ?name } }
  UNION
  { GRAPH ?d { ?d gk:department ?dept } GRAPH <https://w3id.org/govkg/graph/summary> { ?dept gk:inRegion ?within } }
} ;
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?node a gk:DepartmentCoverage ; gk:forDepartment ?dept ; gk:kind ?kind ; gk:fiscalYear ?fy ;
        gk:regionName ?region ; gk:disclosureCount ?disclosures ; gk:factCount ?facts ;
        gk:findingCount ?findings .
} }
WHERE {
  {
    SELECT ?dept ?kind (MIN(?printedRegion) AS ?region) (COUNT(?g) AS ?disclosures)
           (SUM(?observations) AS ?facts) (SUM(?found) AS ?findings) WHERE {
      GRAPH ?d { ?d gk:department ?dept }
      GRAPH ?g {
        ?g gk:department ?dept ; a gk:Disclosure ; gk:kind ?kind ; gk:observationCount ?observations .
        ?dept gk:region/gk:regionName ?regionName .
      }
      FILTER (?sign = 1 || ?g != ?d)
      # Outside the GRAPH group: inside it, Oxigraph planned the group alone, over every
      # disclosure of the store (0.8 s per load at 10,000).
      OPTIONAL { GRAPH ?g { ?g gk:findingCount ?findingCount } }
      BIND (COALESCE(?findingCount, 0) AS ?found)
      BIND (STR(?regionName) AS ?printedRegion)
    }
    GROUP BY ?dept ?kind
  }
  GRAPH ?any { ?any gk:department ?dept ; gk:kind ?kind ; gk:fiscalYear ?fy }
  FILTER (?sign = 1 || ?any != ?d)
  BIND (COALESCE(IRI(CONCAT("https://w3id.org/govkg/id/summary/coverage/", SHA1(STR(?dept)), "/",
                   STRAFTER(STR(?kind), "#"))), <https://w3id.org/govkg/id/summary/unkeyed>) AS ?node)
} ;
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> { ?dept gk:departmentName ?name } }
WHERE {
  {
    SELECT ?dept (MIN(STR(?label)) AS ?name) WHERE {
      GRAPH ?d { ?d gk:department ?dept }
      GRAPH ?g { ?g gk:department ?dept ; a gk:Disclosure . ?dept skos:prefLabel ?label }
      FILTER (?sign = 1 || ?g != ?d)
    }
    GROUP BY ?dept
  }
} ;
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> { ?dept gk:inRegion ?within } }
WHERE {
  GRAPH ?d { ?d gk:department ?dept }
  GRAPH ?g {
    ?g gk:department ?dept ; a gk:Disclosure .
    # Step by step, as the region totals above.
    { ?dept gk:region ?within } UNION { ?dept gk:region/skos:broader ?within }
    UNION { ?dept gk:region/skos:broader/skos:broader ?within }
  }
  FILTER (?sign = 1 || ?g != ?d)
}
