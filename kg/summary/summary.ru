# The store's summary graph: totals that questions over the whole store read instead of every
# observation of every disclosure (a materialised view). Ingest keeps it up to date per disclosure
# (delta.ru); this rebuilds it whole, in one update (atomic), for repair: kg.summary.rebuild_summary.
# It must give exactly the triples that the deltas give (tests/test_summary.py compares them).
# A key made from a printed name hashes the name's percent-encoding, SHA1(ENCODE_FOR_URI(…)): Virtuoso
# 7.2.5 hashes a stored non-ASCII string's UTF-8 encoded twice, and so would mint other keys.
# A cell's unit (its own, else its disclosure's) is compared with gk:Yuan, the ontology's units
# being 元 and 万元 (tests/test_ontology.py), not joined on the ontology's multipliers: on that
# join Virtuoso 7.2.5 at times never answers, and an ingest through its endpoint stalls.
# An update reads the store's own default graph, not the union: every pattern names its graph.
# A property read for every observation of the store (a row's printed name, its own unit, the
# observations of an unlisted code) is joined from a sub-select: Oxigraph then reads it with one
# scan and a hash join instead of one index lookup per row (8-12 µs each), which made these
# operations 2-7x slower at 1,000 disclosures. Each sub-select gives the same rows as its pattern.
PREFIX gk:    <https://w3id.org/govkg/ontology#>
PREFIX gkm:   <https://w3id.org/govkg/def/measure/>
PREFIX gkt:   <https://w3id.org/govkg/def/table/>
PREFIX skos:  <http://www.w3.org/2004/02/skos/core#>
PREFIX qb:    <http://purl.org/linked-data/cube#>
PREFIX sh:    <http://www.w3.org/ns/shacl#>

DROP SILENT GRAPH <https://w3id.org/govkg/graph/summary> ;

# Spending per 支出功能分类 code (all-funds expenditure table, 本年支出合计) by kind and fiscal year, in 万元.
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?cell a gk:CodeTotal ; gk:kind ?kind ; gk:fiscalYear ?fy ; skos:notation ?code ; gk:codeName ?name ;
        gk:amountWan ?total ; gk:disclosureCount ?disclosures ; gk:departmentCount ?departments .
} }
WHERE {
  {
    SELECT ?kind ?fy ?code (SUM(?wan) AS ?total) (MIN(?item) AS ?name)
           (COUNT(DISTINCT ?d) AS ?disclosures) (COUNT(DISTINCT ?dept) AS ?departments) WHERE {
      VALUES (?kind ?column) { (gk:FinalAccounts gkt:final-03-c1) (gk:Budget gkt:budget-03-c1) }
      GRAPH ?d {
        ?d gk:kind ?kind ; gk:fiscalYear ?fy ; gk:department ?dept .
        ?o gk:column ?column ; gk:functionalClassification ?c ; gk:amount ?amount .
        ?d gk:unit ?disclosureUnit .
        ?c skos:notation ?code .
      }
      OPTIONAL { SELECT ?d ?o ?printedName WHERE { GRAPH ?d { ?o gk:item ?printedName } } }
      OPTIONAL { SELECT ?d ?o ?ownUnit WHERE { GRAPH ?d { ?o gk:unit ?ownUnit } } }
      OPTIONAL { GRAPH <https://w3id.org/govkg/graph/codes> { ?c skos:prefLabel ?listedName } }
      BIND (COALESCE(?printedName, STR(?listedName)) AS ?item)
      BIND (IF(COALESCE(?ownUnit, ?disclosureUnit) = gk:Yuan, ?amount * 0.0001, ?amount) AS ?wan)
    }
    GROUP BY ?kind ?fy ?code
  }
  BIND (IRI(CONCAT("https://w3id.org/govkg/id/summary/code-total/", STRAFTER(STR(?kind), "#"), "/",
                   STR(?fy), "/", ?code)) AS ?cell)
} ;

# The same over every year (departments counted once across years).
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?cell a gk:CodeTotal ; gk:kind ?kind ; skos:notation ?code ; gk:codeName ?name ;
        gk:amountWan ?total ; gk:disclosureCount ?disclosures ; gk:departmentCount ?departments .
} }
WHERE {
  {
    SELECT ?kind ?code (SUM(?wan) AS ?total) (MIN(?item) AS ?name)
           (COUNT(DISTINCT ?d) AS ?disclosures) (COUNT(DISTINCT ?dept) AS ?departments) WHERE {
      VALUES (?kind ?column) { (gk:FinalAccounts gkt:final-03-c1) (gk:Budget gkt:budget-03-c1) }
      GRAPH ?d {
        ?d gk:kind ?kind ; gk:department ?dept .
        ?o gk:column ?column ; gk:functionalClassification ?c ; gk:amount ?amount .
        ?d gk:unit ?disclosureUnit .
        ?c skos:notation ?code .
      }
      OPTIONAL { SELECT ?d ?o ?printedName WHERE { GRAPH ?d { ?o gk:item ?printedName } } }
      OPTIONAL { SELECT ?d ?o ?ownUnit WHERE { GRAPH ?d { ?o gk:unit ?ownUnit } } }
      OPTIONAL { GRAPH <https://w3id.org/govkg/graph/codes> { ?c skos:prefLabel ?listedName } }
      BIND (COALESCE(?printedName, STR(?listedName)) AS ?item)
      BIND (IF(COALESCE(?ownUnit, ?disclosureUnit) = gk:Yuan, ?amount * 0.0001, ?amount) AS ?wan)
    }
    GROUP BY ?kind ?code
  }
  BIND (IRI(CONCAT("https://w3id.org/govkg/id/summary/code-total/", STRAFTER(STR(?kind), "#"), "/all/",
                   ?code)) AS ?cell)
} ;

# Spending per 支出功能分类 code by region: the department's region and every region above it (district,
# city, province), by kind and fiscal year, in 万元 (the all-funds expenditure table's total column).
# expenditure-by-region reads its region totals here instead of summing every department's cells.
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?cell a gk:RegionCodeTotal ; gk:region ?region ; gk:kind ?kind ; gk:fiscalYear ?fy ;
        skos:notation ?code ; gk:amountWan ?total ; gk:disclosureCount ?disclosures .
} }
WHERE {
  {
    SELECT ?region ?kind ?fy ?code (SUM(?wan) AS ?total) (COUNT(DISTINCT ?d) AS ?disclosures) WHERE {
      VALUES (?kind ?column) { (gk:FinalAccounts gkt:final-03-c1) (gk:Budget gkt:budget-03-c1) }
      GRAPH ?d {
        ?d gk:kind ?kind ; gk:fiscalYear ?fy ; gk:department ?dept .
        # The department's region and the ones above it (GB/T 2260 has three levels), step by step:
        # Virtuoso 7.2.5 drops skos:broader*'s zero-length step from a province and gives
        # skos:broader+'s second step twice.
        { ?dept gk:region ?region } UNION { ?dept gk:region/skos:broader ?region }
        UNION { ?dept gk:region/skos:broader/skos:broader ?region }
        ?o gk:column ?column ; gk:functionalClassification/skos:notation ?code ;
           gk:amount ?amount .
        ?d gk:unit ?disclosureUnit .
      }
      OPTIONAL { SELECT ?d ?o ?ownUnit WHERE { GRAPH ?d { ?o gk:unit ?ownUnit } } }
      BIND (IF(COALESCE(?ownUnit, ?disclosureUnit) = gk:Yuan, ?amount * 0.0001, ?amount) AS ?wan)
    }
    GROUP BY ?region ?kind ?fy ?code
  }
  BIND (IRI(CONCAT("https://w3id.org/govkg/id/summary/region-total/", STRAFTER(STR(?kind), "#"), "/",
                   STR(?fy), "/", STRAFTER(STR(?region), "/id/region/"), "/", ?code)) AS ?cell)
} ;

# Each code total's departments, with how many disclosures each (the deltas' bookkeeping); the
# cells' names are counted elsewhere, so not looked up here.
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?member a gk:CellDepartment ; gk:cell ?cell ; gk:forDepartment ?dept ; gk:disclosureCount ?disclosures .
} }
WHERE {
  {
    SELECT ?kind ?cellYear ?code ?dept (COUNT(DISTINCT ?d) AS ?disclosures) WHERE {
      VALUES (?kind ?column) { (gk:FinalAccounts gkt:final-03-c1) (gk:Budget gkt:budget-03-c1) }
      GRAPH ?d {
        ?d gk:kind ?kind ; gk:fiscalYear ?fy ; gk:department ?dept .
        ?o gk:column ?column ; gk:functionalClassification ?c ; gk:amount ?amount .
        ?d gk:unit ?disclosureUnit .
        ?c skos:notation ?code .
      }
      VALUES ?scope { "year" "all" }
      BIND (IF(?scope = "year", ?fy, ?none) AS ?cellYear)
    }
    GROUP BY ?kind ?cellYear ?code ?dept
  }
  BIND (IRI(CONCAT("https://w3id.org/govkg/id/summary/code-total/", STRAFTER(STR(?kind), "#"), "/",
                   COALESCE(STR(?cellYear), "all"), "/", ?code)) AS ?cell)
  BIND (IRI(CONCAT(STR(?cell), "/department/", SHA1(STR(?dept)))) AS ?member)
} ;
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?use a gk:CellName ; gk:cell ?cell ; gk:codeName ?item ; gk:disclosureCount ?disclosures .
  ?cell gk:codeNameVariant ?item .
} }
WHERE {
  {
    SELECT ?kind ?cellYear ?code ?item (COUNT(DISTINCT ?d) AS ?disclosures) WHERE {
      VALUES (?kind ?column) { (gk:FinalAccounts gkt:final-03-c1) (gk:Budget gkt:budget-03-c1) }
      GRAPH ?d {
        ?d gk:kind ?kind ; gk:fiscalYear ?fy ; gk:department ?dept .
        ?o gk:column ?column ; gk:functionalClassification ?c ; gk:amount ?amount .
        ?d gk:unit ?disclosureUnit .
        ?c skos:notation ?code .
      }
      OPTIONAL { SELECT ?d ?o ?printedName WHERE { GRAPH ?d { ?o gk:item ?printedName } } }
      OPTIONAL { GRAPH <https://w3id.org/govkg/graph/codes> { ?c skos:prefLabel ?listedName } }
      BIND (COALESCE(?printedName, STR(?listedName)) AS ?item)
      VALUES ?scope { "year" "all" }
      BIND (IF(?scope = "year", ?fy, ?none) AS ?cellYear)
    }
    GROUP BY ?kind ?cellYear ?code ?item
  }
  BIND (IRI(CONCAT("https://w3id.org/govkg/id/summary/code-total/", STRAFTER(STR(?kind), "#"), "/",
                   COALESCE(STR(?cellYear), "all"), "/", ?code)) AS ?cell)
  BIND (IRI(CONCAT(STR(?cell), "/name/", SHA1(ENCODE_FOR_URI(?item)))) AS ?use)
} ;

# Every printed (code, name) pair, and every printed code, with how many disclosures print it.
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?cell a gk:CodeNameUse ; skos:notation ?code ; gk:codeName ?item ; gk:disclosureCount ?disclosures .
} }
WHERE {
  {
    SELECT ?code ?item (COUNT(DISTINCT ?d) AS ?disclosures) WHERE {
      {
        SELECT DISTINCT ?d ?c ?printedName WHERE {
          VALUES ?classification { gk:functionalClassification gk:economicClassification }
          GRAPH ?d { ?o ?classification ?c }
          OPTIONAL { SELECT ?d ?o ?printedName WHERE { GRAPH ?d { ?o gk:item ?printedName } } }
        }
      }
      GRAPH ?d { ?c skos:notation ?code }
      OPTIONAL { GRAPH <https://w3id.org/govkg/graph/codes> { ?c skos:prefLabel ?listedName } }
      BIND (COALESCE(?printedName, STR(?listedName)) AS ?item)
    }
    GROUP BY ?code ?item
  }
  BIND (IRI(CONCAT("https://w3id.org/govkg/id/summary/code-name/", ?code, "/",
                   SHA1(ENCODE_FOR_URI(?item)))) AS ?cell)
} ;
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?cell a gk:CodeUse ; skos:notation ?code ; gk:disclosureCount ?disclosures .
} }
WHERE {
  {
    SELECT ?code (COUNT(DISTINCT ?d) AS ?disclosures) WHERE {
      {
        SELECT DISTINCT ?d ?c WHERE {
          VALUES ?classification { gk:functionalClassification gk:economicClassification }
          GRAPH ?d { ?o ?classification ?c }
        }
      }
      GRAPH ?d { ?c skos:notation ?code }
    }
    GROUP BY ?code
  }
  BIND (IRI(CONCAT("https://w3id.org/govkg/id/summary/code/", ?code)) AS ?cell)
} ;

# Validation findings by the department's region (as printed), rule and severity.
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?cell a gk:FindingTally ; gk:region ?regionNode ; gk:regionName ?regionName ; gk:ruleCode ?rule ;
        sh:resultSeverity ?severity ; gk:findingCount ?findings ; gk:disclosureCount ?disclosures .
} }
WHERE {
  {
    SELECT ?regionNode ?regionName ?rule ?severity (COUNT(?f) AS ?findings)
           (COUNT(DISTINCT ?d) AS ?disclosures) WHERE {
      {
        SELECT ?d ?regionNode ?regionName WHERE {
          GRAPH ?d { ?d gk:department/gk:region ?regionNode . ?regionNode gk:regionName ?regionName }
        }
      }
      GRAPH ?d { ?f a sh:ValidationResult ; gk:ruleCode ?rule ; sh:resultSeverity ?severity }
    }
    GROUP BY ?regionNode ?regionName ?rule ?severity
  }
  BIND (IRI(CONCAT("https://w3id.org/govkg/id/summary/findings/",
                   SHA1(ENCODE_FOR_URI(CONCAT(STR(?regionNode), "|",
                   ?regionName, "|", ?rule, "|", STR(?severity)))))) AS ?cell)
} ;

# Codes printed that the reference list does not have, with the departments printing them.
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?cell a gk:UnlistedCodeUse ; gk:code ?codeNode ; skos:notation ?code ; gk:codeName ?name ;
        skos:inScheme ?scheme ; gk:observationCount ?facts .
} }
WHERE {
  {
    SELECT ?codeNode ?code ?name ?scheme (COUNT(?obs) AS ?facts) WHERE {
      {
        SELECT ?d ?codeNode ?code ?label ?scheme WHERE {
          GRAPH ?d {
            ?codeNode gk:inReferenceList false ; skos:notation ?code ; skos:prefLabel ?label ;
                      skos:inScheme ?scheme .
          }
        }
      }
      {
        SELECT ?d ?obs ?codeNode WHERE {
          VALUES ?classification { gk:functionalClassification gk:economicClassification }
          GRAPH ?d { ?obs ?classification ?codeNode }
        }
      }
      { SELECT ?d ?deptLabel WHERE { GRAPH ?d { ?d gk:department/skos:prefLabel ?deptLabel } } }
      BIND (STR(?label) AS ?name)
    }
    GROUP BY ?codeNode ?code ?name ?scheme
  }
  BIND (IRI(CONCAT("https://w3id.org/govkg/id/summary/unlisted/",
                   SHA1(ENCODE_FOR_URI(CONCAT(STR(?codeNode), "|",
                   ?name))))) AS ?cell)
} ;
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?member a gk:CellDepartment ; gk:cell ?cell ; gk:departmentName ?department ;
          gk:disclosureCount ?disclosures .
  ?cell gk:departmentName ?department .
} }
WHERE {
  {
    SELECT ?codeNode ?name ?department (COUNT(DISTINCT ?d) AS ?disclosures) WHERE {
      {
        SELECT ?d ?codeNode ?code ?label ?scheme WHERE {
          GRAPH ?d {
            ?codeNode gk:inReferenceList false ; skos:notation ?code ; skos:prefLabel ?label ;
                      skos:inScheme ?scheme .
          }
        }
      }
      {
        SELECT ?d ?obs ?codeNode WHERE {
          VALUES ?classification { gk:functionalClassification gk:economicClassification }
          GRAPH ?d { ?obs ?classification ?codeNode }
        }
      }
      { SELECT ?d ?deptLabel WHERE { GRAPH ?d { ?d gk:department/skos:prefLabel ?deptLabel } } }
      BIND (STR(?label) AS ?name)
      BIND (STR(?deptLabel) AS ?department)
    }
    GROUP BY ?codeNode ?name ?department
  }
  BIND (IRI(CONCAT("https://w3id.org/govkg/id/summary/unlisted/",
                   SHA1(ENCODE_FOR_URI(CONCAT(STR(?codeNode), "|",
                   ?name))))) AS ?cell)
  BIND (IRI(CONCAT(STR(?cell), "/department/", SHA1(ENCODE_FOR_URI(?department)))) AS ?member)
} ;
# Each department's spending profile: the 支出功能分类 codes with spending (amount > 0) in any of its
# expenditure tables, and how many codes of each level (similar-departments reads these).
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?cell a gk:DepartmentCode ; gk:forDepartment ?dept ; skos:notation ?code ; gk:disclosureCount ?disclosures .
  ?dept gk:spendsOn ?code .
} }
WHERE {
  {
    SELECT ?dept ?code (COUNT(DISTINCT ?d) AS ?disclosures) WHERE {
      VALUES ?column { gkt:final-03-c1 gkt:budget-03-c1 }
      GRAPH ?d {
        ?d gk:department ?dept .
        ?o gk:column ?column ;
           gk:functionalClassification ?c ; gk:amount ?amount .
        ?c skos:notation ?code .
      }
      FILTER (?amount > 0)
    }
    GROUP BY ?dept ?code
  }
  BIND (IRI(CONCAT("https://w3id.org/govkg/id/summary/department-code/", SHA1(STR(?dept)), "/",
                   ?code)) AS ?cell)
} ;
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?node a gk:DepartmentCodeCount ; gk:forDepartment ?dept ; gk:codeLength ?length ; gk:codeCount ?codes .
} }
WHERE {
  {
    SELECT ?dept ?length (COUNT(?code) AS ?codes) WHERE {
      GRAPH <https://w3id.org/govkg/graph/summary> {
        ?profile a gk:DepartmentCode ; gk:forDepartment ?dept ; skos:notation ?code .
      }
      BIND (STRLEN(?code) AS ?length)
    }
    GROUP BY ?dept ?length
  }
  BIND (IRI(CONCAT("https://w3id.org/govkg/id/summary/department-codes/", SHA1(STR(?dept)), "/",
                   STR(?length))) AS ?node)
} ;

# Coverage: per department and kind, the fiscal years in the store and its disclosures, facts and
# findings, with the region as printed; and each department's name as printed (the first in
# code-point order) on its IRI. coverage.rq and similar-departments read these.
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?node a gk:DepartmentCoverage ; gk:forDepartment ?dept ; gk:kind ?kind ; gk:fiscalYear ?fy ;
        gk:regionName ?region ; gk:disclosureCount ?disclosures ; gk:factCount ?facts ;
        gk:findingCount ?findings .
} }
WHERE {
  {
    SELECT ?dept ?kind (MIN(?printedRegion) AS ?region) (COUNT(?g) AS ?disclosures)
           (SUM(?observations) AS ?facts) (SUM(?found) AS ?findings) WHERE {
      GRAPH ?g {
        ?g a gk:Disclosure ; gk:department ?dept ; gk:kind ?kind ; gk:observationCount ?observations .
        ?dept gk:region/gk:regionName ?regionName .
        OPTIONAL { ?g gk:findingCount ?findingCount }
      }
      BIND (COALESCE(?findingCount, 0) AS ?found)
      BIND (STR(?regionName) AS ?printedRegion)
    }
    GROUP BY ?dept ?kind
  }
  GRAPH ?any { ?any gk:department ?dept ; gk:kind ?kind ; gk:fiscalYear ?fy }
  BIND (IRI(CONCAT("https://w3id.org/govkg/id/summary/coverage/", SHA1(STR(?dept)), "/",
                   STRAFTER(STR(?kind), "#"))) AS ?node)
} ;
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> { ?dept gk:departmentName ?name } }
WHERE {
  {
    SELECT ?dept (MIN(STR(?label)) AS ?name) WHERE {
      GRAPH ?g { ?g a gk:Disclosure ; gk:department ?dept . ?dept skos:prefLabel ?label }
    }
    GROUP BY ?dept
  }
} ;
# The regions each department is in (its own and every one above it): expenditure-by-region finds a
# region's departments here with one index scan.
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> { ?dept gk:inRegion ?within } }
WHERE {
  GRAPH ?g {
    ?g a gk:Disclosure ; gk:department ?dept .
    # Step by step, as the region totals above.
    { ?dept gk:region ?within } UNION { ?dept gk:region/skos:broader ?within }
    UNION { ?dept gk:region/skos:broader/skos:broader ?within }
  }
}
