-- Issue 22 changed how the findings are computed (p-values from the survival functions; group tests over the
-- publishable groups only, χ² only where the expected counts allow it, else Fisher or a Monte Carlo permutation test,
-- Holm-adjusted over all tests of a result; Wilson intervals for shares, mean intervals clamped to the scale). A cached
-- result is current as long as its consultation's data version is (0009), so one computed the old way would still be
-- served: drop them all; each is computed again on its next read.
delete from findings_cache;
