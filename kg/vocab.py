"""Closed namespaces of the govkg ontology.

Generated from ontology/*.ttl by `python -m kg.vocab_gen`; do not edit by hand.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class GK(DefinedNamespace):
    """govkg core model: classes, properties and fixed concepts"""

    _fail = True
    _NS = Namespace("https://w3id.org/govkg/ontology#")

    AtLeast: URIRef
    Budget: URIRef
    Calculation: URIRef
    CalculationInstance: URIRef
    CellDepartment: URIRef
    CellName: URIRef
    CellSelector: URIRef
    Claim: URIRef
    ClassificationScheme: URIRef
    Classifications: URIRef
    Code: URIRef
    CodeNameUse: URIRef
    CodeTotal: URIRef
    CodeTreeCalculation: URIRef
    CodeTreeLayout: URIRef
    CodeUse: URIRef
    ColumnGridLayout: URIRef
    Department: URIRef
    DepartmentCode: URIRef
    DepartmentCodeCount: URIRef
    DerivedObservation: URIRef
    Disclosure: URIRef
    DisclosureKind: URIRef
    DisclosureKinds: URIRef
    EachClassCode: URIRef
    EachRow: URIRef
    EconomicClassificationDept: URIRef
    EconomicClassificationGov: URIRef
    EconomicGroupsLayout: URIRef
    Equal: URIRef
    ExpenditureSide: URIRef
    ExpenditureType: URIRef
    ExpenditureTypes: URIRef
    FinalAccounts: URIRef
    FindingTally: URIRef
    FollowingLines: URIRef
    FunctionalClassification: URIRef
    FundSource: URIRef
    FundSources: URIRef
    IncomeSide: URIRef
    Iteration: URIRef
    Layout: URIRef
    Layouts: URIRef
    LineItem: URIRef
    LineItems: URIRef
    LinePosition: URIRef
    Measure: URIRef
    Measures: URIRef
    PerformanceEvaluation: URIRef
    PerformanceIndicator: URIRef
    PrecedingLines: URIRef
    PrintedName: URIRef
    PrintedTable: URIRef
    Project: URIRef
    Region: URIRef
    Relation: URIRef
    RevenueClassification: URIRef
    SideBySideLayout: URIRef
    SourceFile: URIRef
    SourceLocation: URIRef
    StandardTable: URIRef
    StandardTables: URIRef
    SummaryCell: URIRef
    TableColumn: URIRef
    TableRequirement: URIRef
    TableSide: URIRef
    TableSides: URIRef
    Unit: URIRef
    Units: URIRef
    UnlistedCodeUse: URIRef
    WanYuan: URIRef
    Yuan: URIRef
    actualAmount: URIRef
    actualNumber: URIRef
    actualValue: URIRef
    addend: URIRef
    adjustedBudget: URIRef
    amount: URIRef
    amountWan: URIRef
    appliesTo: URIRef
    attestedIn: URIRef
    basis: URIRef
    budgetScore: URIRef
    budgetWeight: URIRef
    calculation: URIRef
    cell: URIRef
    changeOf: URIRef
    claim: URIRef
    claimKind: URIRef
    claimSubject: URIRef
    claimUnit: URIRef
    claimedValue: URIRef
    classification: URIRef
    code: URIRef
    codeCount: URIRef
    codeLength: URIRef
    codeName: URIRef
    codeNameVariant: URIRef
    collects: URIRef
    column: URIRef
    columnIndex: URIRef
    columnItem: URIRef
    comparedWith: URIRef
    completionBase: URIRef
    completionOf: URIRef
    componentOf: URIRef
    countsDeviation: URIRef
    countsEvaluations: URIRef
    countsGrade: URIRef
    countsSpendingOf: URIRef
    defaultFund: URIRef
    department: URIRef
    departmentCount: URIRef
    departmentName: URIRef
    departmentNames: URIRef
    derived: URIRef
    derivedFor: URIRef
    deviation: URIRef
    deviationRate: URIRef
    difference: URIRef
    direction: URIRef
    disclosureCount: URIRef
    economicClassification: URIRef
    emptyTableCount: URIRef
    evaluation: URIRef
    evaluationKind: URIRef
    executedAmount: URIRef
    executionRate: URIRef
    expectedAmount: URIRef
    expenditureType: URIRef
    fileName: URIRef
    findingCount: URIRef
    firstPage: URIRef
    fiscalYear: URIRef
    forDepartment: URIRef
    forEach: URIRef
    forFund: URIRef
    functionalClassification: URIRef
    fundSource: URIRef
    grade: URIRef
    gradeDerived: URIRef
    hasColumn: URIRef
    headerLabel: URIRef
    inColumn: URIRef
    inDisclosure: URIRef
    inReferenceList: URIRef
    indicator: URIRef
    indicatorName: URIRef
    initialBudget: URIRef
    isEmpty: URIRef
    isTableTotal: URIRef
    item: URIRef
    itemOf: URIRef
    key: URIRef
    kind: URIRef
    labelPattern: URIRef
    lastPage: URIRef
    layout: URIRef
    level1: URIRef
    level2: URIRef
    line: URIRef
    lineNumber: URIRef
    listedInContents: URIRef
    maxScore: URIRef
    measure: URIRef
    minus: URIRef
    missingCell: URIRef
    nameAsPrinted: URIRef
    namePlace: URIRef
    note: URIRef
    observationCount: URIRef
    onCode: URIRef
    onCodeLevel: URIRef
    onLine: URIRef
    onRowKey: URIRef
    onlyWherePrinted: URIRef
    optional: URIRef
    page: URIRef
    partScale: URIRef
    plus: URIRef
    previousCell: URIRef
    printedElsewhere: URIRef
    printedIn: URIRef
    printedName: URIRef
    printedTable: URIRef
    printedTableCount: URIRef
    printedTitle: URIRef
    priorOf: URIRef
    projectName: URIRef
    quantity: URIRef
    quotedSentence: URIRef
    rateOf: URIRef
    readingNote: URIRef
    region: URIRef
    regionName: URIRef
    relation: URIRef
    requiredTableName: URIRef
    requirement: URIRef
    requiresTable: URIRef
    restates: URIRef
    restatesEvaluation: URIRef
    row: URIRef
    rowClassification: URIRef
    ruleCode: URIRef
    score: URIRef
    section: URIRef
    sha256: URIRef
    sharePart: URIRef
    shareWhole: URIRef
    side: URIRef
    sourceFile: URIRef
    sourceLocation: URIRef
    standardTable: URIRef
    statedDecimals: URIRef
    statedGrade: URIRef
    statedRelation: URIRef
    subtrahend: URIRef
    table: URIRef
    tableNumber: URIRef
    targetBound: URIRef
    targetNumber: URIRef
    targetValue: URIRef
    titleVariant: URIRef
    total: URIRef
    totalCell: URIRef
    totalScore: URIRef
    unit: URIRef
    weight: URIRef

class GKM(DefinedNamespace):
    """measures (canonical column labels)"""

    _fail = True
    _NS = Namespace("https://w3id.org/govkg/def/measure/")

    BasicExpenditure: URIRef
    BudgetAmount: URIRef
    BusinessExpenditure: URIRef
    BusinessIncome: URIRef
    CarryForwardNextYear: URIRef
    ClosingBalance: URIRef
    CurrentYearIncome: URIRef
    ExecutedAmount: URIRef
    FiscalAppropriationIncome: URIRef
    GeneralPublicBudgetAppropriation: URIRef
    GovernmentFundAppropriation: URIRef
    InstitutionIncome: URIRef
    OfficeOperatingExpenditure: URIRef
    OpeningBalance: URIRef
    OtherIncome: URIRef
    PersonnelExpenditure: URIRef
    ProcurementAmount: URIRef
    ProjectExpenditure: URIRef
    PublicExpenditure: URIRef
    RemittanceToSuperior: URIRef
    ReserveFund: URIRef
    StateCapitalAppropriation: URIRef
    SubsidiaryRemittanceIncome: URIRef
    SubsidyToSubsidiaries: URIRef
    SuperiorSubsidyIncome: URIRef
    Total: URIRef
    TotalExpenditure: URIRef
    TotalIncome: URIRef

class GKF(DefinedNamespace):
    """fund sources"""

    _fail = True
    _NS = Namespace("https://w3id.org/govkg/def/fund/")

    BusinessIncome: URIRef
    FiscalAppropriation: URIRef
    GeneralPublicBudget: URIRef
    GovernmentFund: URIRef
    InstitutionIncome: URIRef
    OtherIncome: URIRef
    StateCapital: URIRef
    SubsidiaryRemittance: URIRef
    SuperiorSubsidy: URIRef

class GKE(DefinedNamespace):
    """expenditure types"""

    _fail = True
    _NS = Namespace("https://w3id.org/govkg/def/expenditure-type/")

    Basic: URIRef
    Business: URIRef
    Personnel: URIRef
    Project: URIRef
    Public: URIRef
    RemittanceToSuperior: URIRef
    SubsidyToSubsidiaries: URIRef
