import { buildWhere, type Filter, type FilterLiteral, type FilterOperators } from "./filter";

/**
 * Evaluates a typed {@link Filter} on a plain row in memory, with SQL's semantics: a null column
 * matches only `$isNull: true` (every comparison with null is false). The filter is first
 * checked by {@link buildWhere} (allowed columns, known operators, no NUL, no empty `$in`), so
 * it is refused exactly where the LanceDB store refuses it.
 *
 * @throws ValidationError for an unknown column or operator, an empty `$in`, or a NUL in a value.
 */
export function matchesFilter(row: Record<string, unknown>, filter: Filter, allowedColumns: ReadonlySet<string>): boolean {
  return compileFilter(filter, allowedColumns)(row);
}

/**
 * {@link matchesFilter} checked once: the returned predicate evaluates `filter` on any number of
 * rows (or memory items, whose fields are the table's columns) without checking it again.
 *
 * @throws ValidationError as {@link matchesFilter}, when called.
 */
export function compileFilter(filter: Filter, allowedColumns: ReadonlySet<string>): (row: object) => boolean {
  buildWhere(filter, allowedColumns);
  return compile(filter) as (row: object) => boolean;
}

type RowPredicate = (row: Record<string, unknown>) => boolean;

/** The filter's checks, walked once: evaluating a row then costs its comparisons only. */
function compile(filter: Filter): RowPredicate {
  const checks: RowPredicate[] = [];
  for (const [column, condition] of Object.entries(filter)) {
    if (condition === undefined) continue;
    if (column === "$or") {
      const parts = (condition as Filter[]).filter((sub) => Object.values(sub).some((value) => value !== undefined)).map(compile);
      if (parts.length > 0) checks.push((row) => parts.some((part) => part(row)));
      continue;
    }
    if (typeof condition !== "object") {
      checks.push((row) => compare(row[column], "$eq", condition));
      continue;
    }
    for (const [operator, operand] of Object.entries(condition as FilterOperators)) {
      if (operand === undefined) continue;
      checks.push((row) => compare(row[column], operator as keyof FilterOperators, operand));
    }
  }
  return (row) => {
    for (const check of checks) if (!check(row)) return false;
    return true;
  };
}

function compare(value: unknown, operator: keyof FilterOperators, operand: unknown): boolean {
  if (operator === "$isNull") return (value === null || value === undefined) === operand;
  if (value === null || value === undefined) return false;
  if (operator === "$has") return Array.isArray(value) && value.includes(operand);
  if (operator === "$in") return (operand as FilterLiteral[]).some((literal) => compare(value, "$eq", literal));
  const left = value as FilterLiteral;
  const right = operand as FilterLiteral;
  switch (operator) {
    case "$eq":
      return left === right;
    case "$ne":
      return left !== right;
    case "$gt":
      return left > right;
    case "$gte":
      return left >= right;
    case "$lt":
      return left < right;
    case "$lte":
      return left <= right;
    default:
      return false;
  }
}
