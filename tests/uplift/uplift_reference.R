# Reference values of tests/uplift (R 4.2.2, survival 3.4). Run: Rscript tests/uplift/uplift_reference.R
library(survival)
options(digits = 10)

# test_retention.py: time to churn of the literal cohort (days from acquisition to the first empty snapshot)
ev <- data.frame(days = c(61, 122, 30, 91, 91, 91), churned = c(1, 0, 1, 1, 1, 0))
ca <- data.frame(days = c(122, 122, 30, 60), churned = c(1, 0, 1, 0))
for (d in list(ev, ca)) {
  s <- summary(survfit(Surv(days, churned) ~ 1, data = d))
  print(data.frame(time = s$time, n.risk = s$n.risk, n.event = s$n.event, surv = s$surv, std.err = s$std.err,
                   lower = s$lower, upper = s$upper))
}

# test_process.py: does contact go with uplift? (review of 31 days: contacts per month = k / (31 / (365.25 / 12)))
k_low <- c(0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 0, 1, 2, 3, 4)
up_low <- c(0, 0, 1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1)
k_pot <- c(0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 0, 1, 2, 4)
up_pot <- c(0, 0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 1)
d <- data.frame(k = c(k_low, k_pot), upgraded = c(up_low, up_pot),
                tier = c(rep("low", 16), rep("potential", 14)))
d$cpm <- d$k / (31 / (365.25 / 12))
fit <- glm(upgraded ~ cpm + factor(tier), family = binomial, data = d)
b <- coef(summary(fit))["cpm", ]
print(c(estimate = b[["Estimate"]], se = b[["Std. Error"]], p = b[["Pr(>|z|)"]],
        or = exp(b[["Estimate"]]), lo = exp(b[["Estimate"]] - qnorm(0.975) * b[["Std. Error"]]),
        hi = exp(b[["Estimate"]] + qnorm(0.975) * b[["Std. Error"]])))

# test_managers.py: the like-with-like comparison (observed upgrades against the book's expectation)
for (x in list(c(4, 5), c(3, 2), c(0, 2.5), c(9, 3.2))) {
  t <- poisson.test(x[1], T = x[2])
  print(c(t$estimate, t$conf.int, t$p.value))
}

# test_allocation.py: the books against an even split
print(unlist(chisq.test(c(30, 10))[c("statistic", "p.value")]))
print(unlist(chisq.test(c(3, 1, 2))[c("statistic", "p.value")]))

# test_tiers.py: Wilson interval of the upgrade rate
print(prop.test(3, 8, correct = FALSE)$conf.int)
print(prop.test(1, 4, correct = FALSE)$conf.int)
