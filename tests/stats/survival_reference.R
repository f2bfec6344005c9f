# Reference values for tests/stats/test_survival.py (analysis.stats.survival) and the Kaplan-Meier /
# log-rank values of tests/followup/test_compliance.py and test_delay.py.
#
# Run from the project root:  Rscript tests/stats/survival_reference.R
# Needs R (>= 4.2) with the recommended packages survival and MASS
# (Debian: r-base-core r-cran-survival r-cran-mass). Produced with R 4.2.2,
# survival 3.5.3; every number with an "# R:" comment in those tests was printed by
# this script. The Python package does not need R.

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

