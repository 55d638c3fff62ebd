/*
 * rfc3339.c - RFC 3339 timestamps, proleptic Gregorian calendar, no locale
 * and no timegm (not POSIX): days from the civil date (H. Hinnant).
 */
#include <stdio.h>

#include "beacon/error.h"
#include "catalog/rfc3339.h"

#define SECONDS_PER_DAY 86400
#define DAYS_PER_ERA 146097
#define YEAR_MAX 9999

static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era;
	int64_t yoe;
	int64_t doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * DAYS_PER_ERA + yoe * 365 + yoe / 4 - yoe / 100 + doy -
	       719468;
}

static void civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d)
{
	int64_t era;
	int64_t doe;
	int64_t yoe;
	int64_t doy;
	int64_t mp;

	z += 719468;
	era = (z >= 0 ? z : z - (DAYS_PER_ERA - 1)) / DAYS_PER_ERA;
	doe = z - era * DAYS_PER_ERA;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / (DAYS_PER_ERA - 1)) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

/* n decimal digits at s into *out; 0 when one is not a digit. */
static int digits(const char *s, int n, int64_t *out)
{
	int64_t v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

static int days_in_month(int64_t y, int64_t m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30,
				      31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return days[m - 1] + (m == 2 && leap);
}

/* Parse the zone suffix: Z or +HH:MM / -HH:MM; *offset in seconds. */
static int parse_zone(const char *s, int64_t *offset)
{
	int64_t h;
	int64_t mi;

	if ((s[0] == 'Z' || s[0] == 'z') && s[1] == '\0') {
		*offset = 0;
		return BEACON_OK;
	}
	if ((s[0] != '+' && s[0] != '-') || !digits(s + 1, 2, &h) ||
	    s[3] != ':' || !digits(s + 4, 2, &mi) || s[6] != '\0' || h > 23 ||
	    mi > 59)
		return BEACON_EPARSE;
	*offset = (h * 60 + mi) * 60 * (s[0] == '-' ? -1 : 1);
	return BEACON_OK;
}

int beacond_rfc3339_parse(const char *s, int64_t *out)
{
	int64_t y, mo, d, h, mi, sec, offset;
	size_t i = 19;

	if (!s || !out || !digits(s, 4, &y) || s[4] != '-' ||
	    !digits(s + 5, 2, &mo) || s[7] != '-' || !digits(s + 8, 2, &d) ||
	    (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2, &h) ||
	    s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' ||
	    !digits(s + 17, 2, &sec))
		return BEACON_EPARSE;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 ||
	    mi > 59 || sec > 60)
		return BEACON_EPARSE;
	if (s[i] == '.') {
		i++;
		if (s[i] < '0' || s[i] > '9')
			return BEACON_EPARSE;
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (parse_zone(s + i, &offset) < 0)
		return BEACON_EPARSE;
	if (sec == 60)
		sec = 59; /* a leap second sorts with the second before it */
	*out = days_from_civil(y, mo, d) * SECONDS_PER_DAY + h * 3600 +
	       mi * 60 + sec - offset;
	return BEACON_OK;
}

int beacond_rfc3339_format(int64_t t, char *out, size_t outlen)
{
	int64_t days = t / SECONDS_PER_DAY;
	int64_t rem = t % SECONDS_PER_DAY;
	int64_t y, m, d;

	if (rem < 0) {
		rem += SECONDS_PER_DAY;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > YEAR_MAX || !out || outlen < BEACOND_RFC3339_LEN)
		return BEACON_EINVAL;
	snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, (int)m,
		 (int)d, (int)(rem / 3600), (int)(rem / 60 % 60),
		 (int)(rem % 60));
	return BEACON_OK;
}
