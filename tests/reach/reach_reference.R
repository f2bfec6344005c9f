# Reference values for tests/reach/ (analysis.reach). Run from the project root:
#   Rscript tests/reach/reach_reference.R
# Needs R (>= 4.2) with the recommended package survival (Debian: r-base-core r-cran-survival).
# Every number in tests/reach/ that carries an "# R:" comment was printed by this script.
# The Python package does not need R.
suppressPackageStartupMessages(library(survival))
show <- function(label, x) cat(label, ": ", paste(format(x, digits = 15), collapse = "  "), "\n", sep = "")
cat(R.version.string, "| survival", as.character(packageVersion("survival")), "\n")

# Wilson intervals (prop.test without continuity correction) of the literal fixture's rates
for (xn in list(c(4, 10), c(3, 4), c(3, 10), c(2, 4), c(7, 14), c(3, 6), c(2, 6), c(1, 3), c(1, 4), c(5, 14))) {
  show(sprintf("prop.test(%d, %d, correct = FALSE)$conf.int", xn[1], xn[2]),
       prop.test(xn[1], xn[2], correct = FALSE)$conf.int)
}

# Days from first touch to opening, Kaplan-Meier (the fixture's six people met)
days <- c(0, 2, 8, 10, 17, 18 + 14 / 24)
opened <- c(1, 1, 0, 1, 0, 0)
fit <- survfit(Surv(days, opened) ~ 1)
show("quantile(survfit(Surv(days, opened) ~ 1), c(0.25, 0.5, 0.75))$quantile",
     quantile(fit, c(0.25, 0.5, 0.75))$quantile)
