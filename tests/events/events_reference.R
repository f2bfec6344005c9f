# Reference values for tests/events/test_*.py (analysis.events).
#
# Run from the project root:  Rscript tests/events/events_reference.R
# Needs only base R (stats). Produced with R 4.2.2; every number in
# tests/events/ that carries an "# R:" comment was printed by this script
# (stranger ratio, comparisons, monthly ratio and model: test_strangers.py;
# show-up rates: test_attendance.py and test_chain.py; buyers within
# 72 hours: test_costs.py). The Python package does not need R.

show <- function(label, x) {
  cat(label, ": ", paste(format(x, digits = 15), collapse = "  "), "\n", sep = "")
}
section <- function(title) cat("\n## ", title, "\n", sep = "")
wilson <- function(x, n, conf.level = 0.95) {
  # the Wilson score interval; R warns "Chi-squared approximation may be
  # incorrect" for small counts, which concerns the test, not the interval
  suppressWarnings(prop.test(x, n, correct = FALSE, conf.level = conf.level)$conf.int[1:2])
}
newcombe <- function(x1, n1, x2, n2, conf.level = 0.95) {
  # Newcombe (1998) method 10 (hybrid score), from the Wilson limits of each group
  p1 <- x1 / n1; p2 <- x2 / n2
  w1 <- wilson(x1, n1, conf.level); w2 <- wilson(x2, n2, conf.level)
  c(p1 - p2 - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2),
    p1 - p2 + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2))
}

cat(R.version.string, "\n")

# ------------------------------------------------------------ the salon case
section("salon case: stranger ratio 31/38 and show-up rates")
show("strangers 31/38  prop.test(31, 38, correct = FALSE)$conf.int", wilson(31, 38))
show("strangers 31/38 level 0.90", wilson(31, 38, 0.90))
show("partner show-up 16/20", wilson(16, 20))
show("staff show-up 7/7", wilson(7, 7))
show("all invitees show-up 23/27", wilson(23, 27))
show("by source: brought_along 13/13", wilson(13, 13))
show("by source: staff_invite 0/7", wilson(0, 7))
show("buyers within 72 h: existing 4/7", wilson(4, 7))
show("buyers within 72 h: stranger 2/31", wilson(2, 31))

section("edge cases: 4 strangers of 5 distinct attendees; 0 of 1 invitee came")
show("edge 4/5", wilson(4, 5))
show("edge show-up 0/1", wilson(0, 1))
show("edge show-up 1/2", wilson(1, 2))

# ------------------------------------------------------------- comparisons
section("two events: prop.test / fisher.test")
compare <- function(label, x1, n1, x2, n2) {
  tab <- matrix(c(x1, n1 - x1, x2, n2 - x2), 2, byrow = TRUE)
  pt <- suppressWarnings(prop.test(c(x1, x2), c(n1, n2), correct = FALSE))
  ex <- suppressWarnings(chisq.test(tab, correct = FALSE)$expected)
  show(paste(label, "estimate"), unname(pt$estimate[1] - pt$estimate[2]))
  show(paste(label, "chisq p  prop.test(c(x1, x2), c(n1, n2), correct = FALSE)$p.value"), pt$p.value)
  show(paste(label, "wald ci (prop.test)"), pt$conf.int[1:2])
  show(paste(label, "newcombe ci"), newcombe(x1, n1, x2, n2))
  show(paste(label, "fisher p  fisher.test(tab)$p.value"), fisher.test(tab)$p.value)
  show(paste(label, "min expected"), min(ex))
}
# the salon (31 of 38) against a weaker salon (18 of 30): every expected count >= 5
compare("salon 31/38 vs 18/30", 31, 38, 18, 30)
# two small booths (3 of 4 vs 1 of 4): expected counts of 2, so the exact test
compare("small 3/4 vs 1/4", 3, 4, 1, 4)

section("monthly ratio: July 31/38 + 10/12 pooled, August 9/20")
show("July 41/50", wilson(41, 50))
show("August 9/20", wilson(9, 20))

# ------------------------------------------------------------------- logit
section("logit of stranger on event attributes: glm(binomial), exp(confint.default)")
# four events, one row per attendee:
#   E1 partner, weekend: 9 strangers of 12     E2 partner, weekday: 8 of 12
#   E3 no partner, weekend: 6 of 10            E4 no partner, weekday: 3 of 10
ev <- data.frame(partner = c(1, 1, 0, 0), weekend = c(1, 0, 1, 0),
                 strangers = c(9, 8, 6, 3), attendees = c(12, 12, 10, 10))
d <- do.call(rbind, lapply(seq_len(nrow(ev)), function(i)
  data.frame(partner = ev$partner[i], weekend = ev$weekend[i],
             stranger = rep(c(1, 0), c(ev$strangers[i], ev$attendees[i] - ev$strangers[i])))))
tight <- glm.control(epsilon = 1e-12, maxit = 100)
report_glm <- function(label, fit) {
  co <- summary(fit)$coefficients
  ci <- exp(confint.default(fit))
  cat(label, " terms: ", paste(rownames(co), collapse = "  "), "\n", sep = "")
  show(paste(label, "estimate"), co[, 1])
  show(paste(label, "std_error"), co[, 2])
  show(paste(label, "odds_ratio"), exp(co[, 1]))
  show(paste(label, "ci_low"), ci[, 1])
  show(paste(label, "ci_high"), ci[, 2])
  show(paste(label, "p_value"), co[, 4])
  show(paste(label, "n"), nobs(fit))
}
report_glm("stranger ~ partner", glm(stranger ~ partner, family = binomial, data = d, control = tight))
report_glm("stranger ~ partner + weekend",
           glm(stranger ~ partner + weekend, family = binomial, data = d, control = tight))

# ---------------------------------------------------------------------------
# test_answer.py, test_costs.py, test_roles.py, test_recording.py (issues 14 and 16)
# ---------------------------------------------------------------------------
# headline: the salon (31 of 38 strangers) against the edge events (4 of 5)
show("fisher 31/38 vs 4/5", fisher.test(matrix(c(31, 7, 4, 1), 2, byrow = TRUE))$p.value)
# show-up rate: 23 of 27 invitees against 1 of 3
show("fisher 23/27 vs 1/3", fisher.test(matrix(c(23, 4, 1, 2), 2, byrow = TRUE))$p.value)
# attendance over plan: 38 for 30 planned (exact Poisson), against 5 for 6
show("poisson 38/30 conf.int", poisson.test(38, 30)$conf.int)
show("poisson 38/30 vs 5/6", poisson.test(c(38, 5), c(30, 6))$p.value)
# sales split: 4 of 7 existing customers bought, 2 of 31 strangers
show("fisher 4/7 vs 2/31", fisher.test(matrix(c(4, 3, 2, 29), 2, byrow = TRUE))$p.value)
# atmosphere: with children 2 of 4 with the role, 1 of 7 without; arrival spans 40, 60 vs 50, 30
show("fisher 2/4 vs 1/7", fisher.test(matrix(c(2, 2, 1, 6), 2, byrow = TRUE))$p.value)
w <- t.test(c(40, 60), c(50, 30))
show("welch conf.int", w$conf.int)
show("welch p", w$p.value)
# Wilson intervals of the booth: 4/5 (greeter walk-ins), 5/9 (recorded), 3/7 (gifts lost), 1/2 (captain)
for (x in list(c(4, 5), c(5, 9), c(3, 7), c(1, 2)))
  show(paste0("wilson ", x[1], "/", x[2]), prop.test(x[1], x[2], correct = FALSE)$conf.int)
