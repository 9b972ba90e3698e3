import { ValidationError } from "../errors/engram-error";

/** A literal a filter may compare with. */
export type FilterLiteral = string | number | boolean;

/** Comparison operators on one column (names follow LangGraph's store filters). */
export interface FilterOperators {
  $eq?: FilterLiteral;
  $ne?: FilterLiteral;
  $gt?: FilterLiteral;
  $gte?: FilterLiteral;
  $lt?: FilterLiteral;
  $lte?: FilterLiteral;
  $in?: FilterLiteral[];
  /** `true`: the column IS NULL; `false`: IS NOT NULL. */
  $isNull?: boolean;
  /** A list column contains this value (`array_has`). */
  $has?: string;
}

/**
 * A typed filter: columns ANDed together, each a literal (equality) or operators; `$or` takes
 * sub-filters ORed together. Built into a LanceDB SQL predicate by {@link buildWhere}, the only
 * place in Engram where predicates are written.
 *
 * @example `{ user_id: "conv-26", valid_to: { $isNull: true } }`
 */
export type Filter = { [column: string]: FilterLiteral | FilterOperators | Filter[] | undefined } & { $or?: Filter[] };

/**
 * Quotes a string as a SQL literal for LanceDB (DataFusion): wraps it in single quotes and doubles
 * any single quote inside (lancedb/lancedb nodejs/lancedb/util.ts does the same). Backslashes, `%`
 * and `_` have no special meaning in a plain literal. NUL is refused.
 *
 * @throws ValidationError when the value is not a string, finite number or boolean, or the string contains NUL.
 */
export function quoteLiteral(value: FilterLiteral): string {
  // Values may come from untyped callers (graph state, JSON): anything but a scalar is refused, so
  // an object can never be read as operators nor an array as a list.
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
    throw new ValidationError(`filter value must be a string, number or boolean, got ${value === null ? "null" : Array.isArray(value) ? "array" : typeof value}`);
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new ValidationError(`filter number must be finite, got ${value}`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value.includes("\u0000")) throw new ValidationError("filter value must not contain NUL");
  return `'${value.replace(/'/g, "''")}'`;
}

const OPERATORS: Record<Exclude<keyof FilterOperators, "$in" | "$isNull" | "$has">, string> = {
  $eq: "=",
  $ne: "<>",
  $gt: ">",
  $gte: ">=",
  $lt: "<",
  $lte: "<=",
};

/**
 * Builds a LanceDB SQL predicate from a typed {@link Filter}. Column names must be in
 * `allowedColumns` (they are never taken from caller input); every value is quoted with
 * {@link quoteLiteral}, so no value can change the predicate's meaning.
 *
 * @returns the predicate, or `""` for an empty filter.
 * @throws ValidationError for an unknown column or operator, or an empty `$in`.
 */
export function buildWhere(filter: Filter, allowedColumns: ReadonlySet<string>): string {
  const clauses: string[] = [];
  for (const [column, condition] of Object.entries(filter)) {
    if (condition === undefined) continue;
    if (column === "$or") {
      const parts = (condition as Filter[]).map((sub) => buildWhere(sub, allowedColumns)).filter((part) => part !== "");
      if (parts.length > 0) clauses.push(`(${parts.join(" OR ")})`);
      continue;
    }
    if (!allowedColumns.has(column)) throw new ValidationError(`unknown filter column ${JSON.stringify(column)}`);
    if (condition === null) throw new ValidationError(`filter on ${column} must not be null (use $isNull)`);
    if (typeof condition !== "object" || Array.isArray(condition)) {
      if (Array.isArray(condition)) throw new ValidationError(`filter on ${column} must be a literal or operators`);
      clauses.push(`${column} = ${quoteLiteral(condition)}`);
      continue;
    }
    for (const [operator, operand] of Object.entries(condition)) {
      if (operand === undefined) continue;
      if (operator === "$in") {
        const values = operand as FilterLiteral[];
        if (values.length === 0) throw new ValidationError(`$in on ${column} needs at least one value`);
        clauses.push(`${column} IN (${values.map(quoteLiteral).join(", ")})`);
      } else if (operator === "$isNull") {
        clauses.push(`${column} IS ${operand ? "" : "NOT "}NULL`);
      } else if (operator === "$has") {
        clauses.push(`array_has(${column}, ${quoteLiteral(operand as string)})`);
      } else if (operator in OPERATORS) {
        clauses.push(`${column} ${OPERATORS[operator as keyof typeof OPERATORS]} ${quoteLiteral(operand as FilterLiteral)}`);
      } else {
        throw new ValidationError(`unknown filter operator ${JSON.stringify(operator)} on ${column}`);
      }
    }
  }
  return clauses.map((clause) => (clauses.length > 1 ? `(${clause})` : clause)).join(" AND ");
}
