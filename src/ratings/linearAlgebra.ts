/** Dense symmetric positive-definite systems, row-major: the few hundred parameters of a rating fit. */

/** In-place Cholesky factor (lower triangle) of a symmetric positive-definite matrix. */
export function cholesky(m: number, a: Float64Array): Float64Array {
  for (let col = 0; col < m; col++) {
    let diagonal = a[col * m + col] as number;
    for (let k = 0; k < col; k++) diagonal -= (a[col * m + k] as number) ** 2;
    const root = Math.sqrt(Math.max(diagonal, 1e-300));
    a[col * m + col] = root;
    for (let row = col + 1; row < m; row++) {
      let sum = a[row * m + col] as number;
      for (let k = 0; k < col; k++) sum -= (a[row * m + k] as number) * (a[col * m + k] as number);
      a[row * m + col] = sum / root;
    }
  }
  return a;
}

/** Solves L·Lᵀ·x = b with a Cholesky factor, in place in `b`. */
export function solve(m: number, factor: Float64Array, b: Float64Array): void {
  for (let row = 0; row < m; row++) {
    let sum = b[row] as number;
    for (let k = 0; k < row; k++) sum -= (factor[row * m + k] as number) * (b[k] as number);
    b[row] = sum / (factor[row * m + row] as number);
  }
  for (let row = m - 1; row >= 0; row--) {
    let sum = b[row] as number;
    for (let k = row + 1; k < m; k++) sum -= (factor[k * m + row] as number) * (b[k] as number);
    b[row] = sum / (factor[row * m + row] as number);
  }
}

/**
 * I⁻¹·M·I⁻¹ for symmetric M, given I's Cholesky factor: the sandwich covariance of a fit, dense,
 * row-major.
 */
export function sandwich(p: number, informationFactor: Float64Array, meat: Float64Array): Float64Array {
  // I⁻¹·M column by column; then row r of (I⁻¹·M)·I⁻¹ is (I⁻¹·(I⁻¹·M)[r,:]ᵀ)ᵀ.
  const product = new Float64Array(p * p);
  const column = new Float64Array(p);
  for (let c = 0; c < p; c++) {
    for (let r = 0; r < p; r++) column[r] = meat[r * p + c] as number;
    solve(p, informationFactor, column);
    for (let r = 0; r < p; r++) product[r * p + c] = column[r] as number;
  }
  for (let r = 0; r < p; r++) solve(p, informationFactor, product.subarray(r * p, (r + 1) * p));
  return product;
}

/** beta += step; returns the largest move, which decides convergence. */
export function applyStep(beta: Float64Array, step: Float64Array): number {
  let largest = 0;
  for (let x = 0; x < beta.length; x++) {
    beta[x] = (beta[x] as number) + (step[x] as number);
    largest = Math.max(largest, Math.abs(step[x] as number));
  }
  return largest;
}
