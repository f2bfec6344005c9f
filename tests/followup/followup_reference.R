# Reference values for tests/followup/test_*.py (analysis.followup).
#
# Run from the project root:  Rscript tests/followup/followup_reference.R
# Needs R (>= 4.2) with the recommended packages survival and MASS
# (Debian: r-base-core r-cran-survival r-cran-mass). Produced with R 4.2.2,
# survival 3.5.3; every number in tests/followup/ that carries an "# R:"
# comment was printed by this script or by tests/stats/survival_reference.R.
# The Python package does not need R.

suppressPackageStartupMessages({
  library(survival)
  library(MASS)
})

show <- function(label, x) {
  cat(label, ": ", paste(format(x, digits = 15), collapse = "  "), "\n", sep = "")
}
section <- function(title) cat("\n## ", title, "\n", sep = "")

cat(R.version.string, "| survival", as.character(packageVersion("survival")), "\n")

# Kaplan-Meier, its quantiles and the log-rank test (the aml and gehan values that test_compliance.py
# and test_delay.py also use) are in tests/stats/survival_reference.R.

# ---------------------------------------------------- chi-square goodness of fit
section("chisq.test(x, p = rep(1/k, k))")
gof <- function(x) {
  t <- chisq.test(x, p = rep(1 / length(x), length(x)))
  show(paste0("x = ", paste(x, collapse = ",")), c(t$statistic, t$parameter, t$p.value))
}
gof(c(4, 3, 3, 0))           # the hand-built leads of the tests
gof(c(24, 18, 19, 15, 14, 19, 18))  # a branch-sized load
gof(c(30, 5, 5, 5, 5))       # one staff member takes most leads

# ------------------------------------------------------------ Wilson intervals
section("Wilson: prop.test(x, n, correct = FALSE)$conf.int")
for (xn in list(c(5, 10), c(3, 8), c(1, 5), c(0, 2))) {
  show(sprintf("%d/%d", xn[1], xn[2]),
       suppressWarnings(prop.test(xn[1], xn[2], correct = FALSE)$conf.int[1:2]))
}

# ------------------------------------------------- logistic regression on delay
section("glm(won ~ band + source, binomial): the delay-band cells of tests/followup/test_delay.py")
cells <- data.frame(
  band   = c("le_24h", "le_24h", "24_72h", "24_72h", "gt_72h", "gt_72h"),
  source = c("event",  "group",  "event",  "group",  "event",  "group"),
  n      = c(12, 10, 8, 7, 5, 6),
  won    = c(7, 4, 3, 1, 1, 1)
)
d <- cells[rep(seq_len(nrow(cells)), cells$n), c("band", "source")]
d$won <- unlist(lapply(seq_len(nrow(cells)), function(i)
  c(rep(1, cells$won[i]), rep(0, cells$n[i] - cells$won[i]))))
d$band <- relevel(factor(d$band), ref = "le_24h")
g <- glm(won ~ band + source, family = binomial, data = d)
show("terms", names(coef(g)))
show("estimate", coef(g))
show("std.error", sqrt(diag(vcov(g))))
show("odds ratio ci low (Wald)", exp(confint.default(g))[, 1])
show("odds ratio ci high (Wald)", exp(confint.default(g))[, 2])
show("p", summary(g)$coefficients[, 4])

section("prop.test: won within 24 h (11 of 22) vs later (6 of 26)")
pt <- prop.test(c(11, 6), c(22, 26), correct = FALSE)
show("p", pt$p.value)

# ------------------------------------------- the answer first (test_answer.py)
section("headline: Wilson intervals and the tests of the change")
for (xn in list(c(2, 7))) {
  show(sprintf("%d/%d", xn[1], xn[2]),
       suppressWarnings(prop.test(xn[1], xn[2], correct = FALSE)$conf.int[1:2]))
}
# previous period = leads L01 L02 L05 L07 L09: an expected count is below 5, so Fisher's exact test
show("first contact, fisher 5/10 vs 5/5", fisher.test(matrix(c(5, 5, 5, 0), 2))$p.value)
show("result, fisher 3/8 vs 3/4", fisher.test(matrix(c(3, 5, 3, 1), 2))$p.value)
show("overdue, fisher 4/11 vs 1/5", fisher.test(matrix(c(4, 7, 1, 4), 2))$p.value)
show("win rate, fisher 2/7 vs 1/3", fisher.test(matrix(c(2, 5, 1, 2), 2))$p.value)

# ------------------------------------- the weekend test (test_weekend.py)
section("weekend_effect: 3/12 crossing vs 7/12 other")
p1 <- prop.test(3, 12, correct = FALSE)$conf.int
p2 <- prop.test(7, 12, correct = FALSE)$conf.int
d <- 3 / 12 - 7 / 12
newcombe <- c(d - sqrt((3 / 12 - p1[1])^2 + (p2[2] - 7 / 12)^2),
              d + sqrt((p1[2] - 3 / 12)^2 + (7 / 12 - p2[1])^2))
show("newcombe (hybrid score, from the two Wilson intervals)", newcombe)
show("chi-square p: prop.test(c(3, 7), c(12, 12), correct = FALSE)$p.value",
     suppressWarnings(prop.test(c(3, 7), c(12, 12), correct = FALSE)$p.value))
# the logit: 12 Friday leads (crossing) and 12 Monday leads; 6 of each contacted within 24 h
w <- data.frame(
  won = c(1, 1, 0, 0, 0, 0,  1, 0, 0, 0, 0, 0,   1, 1, 1, 1, 0, 0,  1, 1, 1, 0, 0, 0),
  band = rep(c("le_24h", "24_72h", "le_24h", "24_72h"), each = 6),
  crosses = rep(c(1, 0), each = 12))
w$band <- relevel(factor(w$band), ref = "le_24h")
fit <- glm(won ~ band + crosses, family = binomial, data = w)
est <- coef(summary(fit))["crosses", ]
show("glm(won ~ band + crosses): OR, Wald CI, p",
     c(exp(est[1]), exp(est[1] + c(-1, 1) * qnorm(0.975) * est[2]), est[4]))
