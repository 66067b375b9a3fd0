#pragma once
// GELU(erf) = v/2 · (1 + erf(v/√2)) without exp: erf(v/√2) ≈ v · P(v²) / Q(v²) for |v| ≤ 4√2
// (beyond, erf(v/√2) rounds to ±1 in float), a rational minimax fit (P of degree 6, Q of
// degree 4 in v²) with a maximum absolute error of 5.4e-8 in double precision against erf. Every
// ISA evaluates the same formula in the same order; docs/engine.md gives the measured error of
// the float kernels against std::erf.

namespace octet::gelu_erf {

/// |v| is clamped to this before the rational function (4·√2).
inline constexpr float kClamp = 5.65685424949238f;
/// P(s) = p0 + p1·s + … + p6·s⁶, highest first for Horner.
inline constexpr float kP[7] = {2.1232032719e-10f, -4.3979168329e-08f, 6.8734527266e-06f,
                                3.7942933033e-04f, 9.2688569038e-03f,  7.5638498502e-02f,
                                7.9788421474e-01f};
/// Q(s) = 1 + q1·s + … + q4·s⁴, highest first for Horner.
inline constexpr float kQ[5] = {6.8622578017e-05f, 1.9438131165e-03f, 3.0199208513e-02f,
                                2.6146262950e-01f, 1.0f};

}  // namespace octet::gelu_erf
