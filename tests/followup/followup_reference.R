# Reference values for tests/test_followup.py (analysis.followup).
#
# Run from the project root:  Rscript tests/r/followup_reference.R
# Needs R (>= 4.2) with the recommended packages survival and MASS
# (Debian: r-base-core r-cran-survival r-cran-mass). Produced with R 4.2.2,
# survival 3.5.3; every number in test_followup.py that carries an "# R:"
# comment was printed by this script. The Python package does not need R.

suppressPackageStartupMessages({
  library(survival)
  library(MASS)
})

show <- function(label, x) {
  cat(label, ": ", paste(format(x, digits = 15), collapse = "  "), "\n", sep = "")
}
section <- function(title) cat("\n## ", title, "\n", sep = "")

cat(R.version.string, "| survival", as.character(packageVersion("survival")), "\n")

# ------------------------------------------------------------ Kaplan-Meier
section("Kaplan-Meier: survfit(Surv(time, status) ~ 1, data = aml)")
fit <- survfit(Surv(time, status) ~ 1, data = aml)   # conf.type = "log" (the default)
s <- summary(fit)                                      # event times only
show("time", s$time)
show("n.risk", s$n.risk)
show("n.event", s$n.event)
show("surv", s$surv)
show("std.err (of S)", s$std.err)
show("lower", s$lower)
show("upper", s$upper)
q <- quantile(fit, probs = c(0.25, 0.5, 0.75))
show("quantile 25 50 75", q$quantile)

section("Kaplan-Meier by group: survfit(Surv(time, status) ~ x, data = aml)")
fitx <- survfit(Surv(time, status) ~ x, data = aml)
sx <- summary(fitx)
show("strata", as.character(sx$strata))
show("time", sx$time)
show("surv", sx$surv)
show("quantile 50 by x", quantile(fitx, probs = 0.5)$quantile)

section("Kaplan-Meier at level 0.90: survfit(..., conf.int = 0.90)")
s90 <- summary(survfit(Surv(time, status) ~ 1, data = aml, conf.int = 0.90))
show("lower 90", s90$lower)
show("upper 90", s90$upper)

section("Gehan 6-MP arm (Freireich 1963): survfit(Surv(time, cens) ~ 1, subset(gehan, treat == '6-MP'))")
mp <- subset(gehan, treat == "6-MP")
show("6-MP time", mp$time)
show("6-MP cens", mp$cens)
smp <- summary(survfit(Surv(time, cens) ~ 1, data = mp))
show("time", smp$time)
show("surv", smp$surv)
show("quantile 25 50 75", quantile(survfit(Surv(time, cens) ~ 1, data = mp), c(0.25, 0.5, 0.75))$quantile)

# ---------------------------------------------------------------- log-rank
section("log-rank: survdiff(Surv(time, status) ~ x, data = aml)")
lr <- survdiff(Surv(time, status) ~ x, data = aml)
show("chisq", lr$chisq)
show("p", pchisq(lr$chisq, length(lr$n) - 1, lower.tail = FALSE))

section("log-rank: survdiff(Surv(time, cens) ~ treat, data = gehan)")
lg <- survdiff(Surv(time, cens) ~ treat, data = gehan)
show("chisq", lg$chisq)
show("p", pchisq(lg$chisq, length(lg$n) - 1, lower.tail = FALSE))

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
section("glm(won ~ band + source, binomial): the delay-band cells of test_followup.py")
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
