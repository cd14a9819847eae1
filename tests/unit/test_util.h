/* Shared helpers for cmocka tests: decimal integer asserts (cmocka 1.1.5 prints hex). */
#ifndef CNAP_TEST_UTIL_H
#define CNAP_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#define assert_i64_eq(a, b)                                                        \
	do {                                                                       \
		long long a_ = (long long)(a), b_ = (long long)(b);                \
		if (a_ != b_)                                                      \
			fail_msg("%s == %lld, expected %lld", #a, a_, b_);         \
	} while (0)

#define assert_dbl_near(a, b, eps)                                                 \
	do {                                                                       \
		double a_ = (a), b_ = (b);                                         \
		if (!(a_ - b_ <= (eps) && b_ - a_ <= (eps)))                       \
			fail_msg("%s == %.17g, expected %.17g (eps %g)", #a, a_, b_,   \
				 (double)(eps));                                   \
	} while (0)

#endif
