# The store's summary graph: totals that questions over the whole store read instead of every
# observation of every disclosure (a materialised view). Rebuilt whole, in one update (atomic),
# by kg.summary.refresh_summary — govkg ingest runs it after a run that changed the store.
# An update reads the store's own default graph, not the union: every pattern names its graph.
PREFIX gk:    <https://w3id.org/govkg/ontology#>
PREFIX gkm:   <https://w3id.org/govkg/def/measure/>
PREFIX gkt:   <https://w3id.org/govkg/def/table/>
PREFIX skos:  <http://www.w3.org/2004/02/skos/core#>
PREFIX qb:    <http://purl.org/linked-data/cube#>
PREFIX sdmxa: <http://purl.org/linked-data/sdmx/2009/attribute#>
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
      VALUES (?kind ?table) { (gk:FinalAccounts gkt:final-03) (gk:Budget gkt:budget-03) }
      GRAPH ?d {
        ?d gk:kind ?kind ; gk:fiscalYear ?fy ; gk:department ?dept .
        ?o gk:table ?table ; qb:dataSet ?d ; gk:measure gkm:TotalExpenditure ; gk:item ?item ;
           gk:functionalClassification ?c ; gk:amount ?amount ; gk:unit ?unit .
        ?c skos:notation ?code .
      }
      GRAPH <https://w3id.org/govkg/graph/ontology> { ?unit sdmxa:unitMult ?mult }
      BIND (IF(?mult = 0, ?amount * 0.0001, ?amount) AS ?wan)
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
      VALUES (?kind ?table) { (gk:FinalAccounts gkt:final-03) (gk:Budget gkt:budget-03) }
      GRAPH ?d {
        ?d gk:kind ?kind ; gk:department ?dept .
        ?o gk:table ?table ; qb:dataSet ?d ; gk:measure gkm:TotalExpenditure ; gk:item ?item ;
           gk:functionalClassification ?c ; gk:amount ?amount ; gk:unit ?unit .
        ?c skos:notation ?code .
      }
      GRAPH <https://w3id.org/govkg/graph/ontology> { ?unit sdmxa:unitMult ?mult }
      BIND (IF(?mult = 0, ?amount * 0.0001, ?amount) AS ?wan)
    }
    GROUP BY ?kind ?code
  }
  BIND (IRI(CONCAT("https://w3id.org/govkg/id/summary/code-total/", STRAFTER(STR(?kind), "#"), "/all/",
                   ?code)) AS ?cell)
} ;

# Every printed (code, name) pair, and every printed code, with how many disclosures print it.
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?cell a gk:CodeNameUse ; skos:notation ?code ; gk:codeName ?item ; gk:disclosureCount ?disclosures .
} }
WHERE {
  {
    SELECT ?code ?item (COUNT(DISTINCT ?d) AS ?disclosures) WHERE {
      VALUES ?classification { gk:functionalClassification gk:economicClassification }
      GRAPH ?d {
        ?o ?classification ?c ; gk:item ?item .
        ?c skos:notation ?code .
      }
    }
    GROUP BY ?code ?item
  }
  BIND (IRI(CONCAT("https://w3id.org/govkg/id/summary/code-name/", ?code, "/",
                   SHA1(?item))) AS ?cell)
} ;
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?cell a gk:CodeUse ; skos:notation ?code ; gk:disclosureCount ?disclosures .
} }
WHERE {
  {
    SELECT ?code (COUNT(DISTINCT ?d) AS ?disclosures) WHERE {
      VALUES ?classification { gk:functionalClassification gk:economicClassification }
      GRAPH ?d {
        ?o ?classification ?c .
        ?c skos:notation ?code .
      }
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
      GRAPH ?d {
        ?d gk:department/gk:region ?regionNode .
        ?regionNode gk:regionName ?regionName .
        ?f a sh:ValidationResult ; gk:ruleCode ?rule ; sh:resultSeverity ?severity .
      }
    }
    GROUP BY ?regionNode ?regionName ?rule ?severity
  }
  BIND (IRI(CONCAT("https://w3id.org/govkg/id/summary/findings/", SHA1(CONCAT(STR(?regionNode), "|",
                   ?regionName, "|", ?rule, "|", STR(?severity))))) AS ?cell)
} ;

# Codes printed that the reference list does not have, with the departments printing them.
INSERT { GRAPH <https://w3id.org/govkg/graph/summary> {
  ?cell a gk:UnlistedCodeUse ; gk:code ?codeNode ; skos:notation ?code ; gk:codeName ?name ;
        skos:inScheme ?scheme ; gk:observationCount ?facts ; gk:departmentNames ?departments .
} }
WHERE {
  {
    SELECT ?codeNode ?code ?name ?scheme (COUNT(?obs) AS ?facts)
           (GROUP_CONCAT(DISTINCT ?department; separator=" | ") AS ?departments) WHERE {
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
    GROUP BY ?codeNode ?code ?name ?scheme
  }
  BIND (IRI(CONCAT("https://w3id.org/govkg/id/summary/unlisted/", SHA1(CONCAT(STR(?codeNode), "|",
                   ?name)))) AS ?cell)
}
