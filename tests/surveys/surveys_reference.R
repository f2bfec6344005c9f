# Reference values for tests/surveys/test_*.py (analysis.surveys).
#
# Run from the project root:  Rscript tests/surveys/surveys_reference.R
# Needs R (>= 4.2) and the survey package (Debian: r-base-core r-cran-survey).
# Produced with R 4.2.2 and survey 4.1.1; every number in tests/surveys/ that
# carries an "# R:" comment was printed by this script. The Python package does
# not need R.
#
# The fixture is hand-made (no real people) and written out literally both here
# and in tests/surveys/conftest.py (fixture `weighting`): 11 answer sheets in 4 communities.
#
#   community  households  sheets
#   A          120         r01-r04
#   B           80         r05-r07
#   C           50         r08-r10
#   D           40         r11      (one respondent: the lonely-stratum case)
#
# q1 single choice (yes / no / maybe); r10 did not answer it.
# q2 multi choice (x / y / z, tick all that apply); r03 did not answer it.

suppressPackageStartupMessages(library(survey))

show <- function(label, x) {
  cat(label, ": ", paste(format(x, digits = 15), collapse = "  "), "\n", sep = "")
}
section <- function(title) cat("\n## ", title, "\n", sep = "")

cat(R.version.string, "| survey", as.character(packageVersion("survey")), "\n")

d <- data.frame(
  id = sprintf("r%02d", 1:11),
  community = c("A", "A", "A", "A", "B", "B", "B", "C", "C", "C", "D"),
  households = c(120, 120, 120, 120, 80, 80, 80, 50, 50, 50, 40),
  q1 = c("yes", "yes", "no", "maybe", "no", "no", "yes", "yes", "maybe", NA, "yes"),
  x = c(1, 1, NA, 0, 1, 0, 1, 0, 1, 0, 1),
  y = c(1, 0, NA, 0, 0, 1, 1, 1, 0, 1, 0),
  z = c(0, 0, NA, 1, 1, 0, 1, 0, 0, 1, 0),
  stringsAsFactors = FALSE
)

# The design on the respondents who answered `var`: stratified by community,
# households as the population (fpc), weight = households / respondents who answered.
design_for <- function(data, var) {
  data <- data[!is.na(data[[var]]), ]
  data$n_h <- ave(rep(1, nrow(data)), data$community, FUN = sum)
  data$w <- data$households / data$n_h
  svydesign(ids = ~1, strata = ~community, weights = ~w, fpc = ~households, data = data)
}

report <- function(label, des, formula, level = 0.95) {
  m <- svymean(formula, des)
  ci <- confint(m, level = level)
  for (i in seq_along(coef(m))) {
    show(sprintf("%s %s  rate, se, ci_low, ci_high", label, names(coef(m))[i]),
         c(coef(m)[i], SE(m)[i], ci[i, 1], ci[i, 2]))
  }
}

abc <- d[d$community != "D", ]

section("weighted_rates, single choice q1 (communities A, B, C)")
d1 <- abc
d1$q1 <- factor(d1$q1, levels = c("yes", "no", "maybe"))
report("q1", design_for(d1, "q1"), ~q1)

section("weighted_rates, multi choice q2 (communities A, B, C): one 0/1 indicator per option")
des2 <- design_for(abc, "x")
report("q2", des2, ~x)
report("q2", des2, ~y)
report("q2", des2, ~z)

section("weighted_rates, q2 option x at level 0.90")
report("q2 level 0.90", des2, ~x, level = 0.90)

section("weighted_rates with community D (one respondent): survey.lonely.psu = 'adjust'")
options(survey.lonely.psu = "adjust")
dd <- d
dd$q1 <- factor(dd$q1, levels = c("yes", "no", "maybe"))
report("q1 lonely adjust", design_for(dd, "q1"), ~q1)
report("q2 lonely adjust", design_for(d, "x"), ~x)
options(survey.lonely.psu = "fail")

section("option_rates: Wilson interval = prop.test(x, n, correct = FALSE)$conf.int")
wilson <- function(x, n) suppressWarnings(prop.test(x, n, correct = FALSE)$conf.int[1:2])
# q2 over all 11 sheets: 10 answered; x ticked by r01 r02 r05 r07 r09 r11
show("q2 x 6/10", wilson(6, 10))
# q1 over communities A, B, C: 9 answered; yes by r01 r02 r07 r08
show("q1 yes 4/9", wilson(4, 9))

section("crosstab_test: chisq.test(table(q1, community), correct = FALSE), communities A, B, C")
t1 <- table(factor(abc$q1, levels = c("yes", "no", "maybe")), abc$community)
print(t1)
ct <- suppressWarnings(chisq.test(t1, correct = FALSE))
show("chi2, df, p", c(ct$statistic, ct$parameter, ct$p.value))
show("cramers V", sqrt(ct$statistic / (sum(t1) * (min(dim(t1)) - 1))))
show("expected (column-major)", as.vector(ct$expected))

section("headline (tests/surveys/test_findings.py, fixture `findings`: 5 sheets, previous period 2)")
# answer sheets: exact Poisson interval of the count, and the change against the previous period
show("poisson.test(5)$conf.int", poisson.test(5)$conf.int[1:2])
show("poisson.test(c(5, 2))$p.value", poisson.test(c(5, 2))$p.value)
# coverage: 5 sheets of 300 households (communities that answered); previous 2 of 200
show("prop.test(5, 300) Wilson", wilson(5, 300))
show("fisher.test 5/300 vs 2/200", fisher.test(matrix(c(5, 295, 2, 198), 2, byrow = TRUE))$p.value)
