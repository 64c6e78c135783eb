package samplegen

import "strconv"

// Dates are counted in days since 1970-01-01 and times in minutes since
// then, so that the hot loops never build a time.Time.

// daysFromCivil returns the day number of a proleptic Gregorian date
// (Hinnant's days_from_civil).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) (y, m, d int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	m = int(mp + 3)
	if m > 12 {
		m -= 12
	}
	y = int(yoe + era*400)
	if m <= 2 {
		y++
	}
	return y, m, d
}

// yearDays returns the day numbers of 1 January of year and of the next year.
func yearDays(year int) (first, next int64) {
	return daysFromCivil(year, 1, 1), daysFromCivil(year+1, 1, 1)
}

// appendPad appends v in decimal, zero-padded to width digits.
func appendPad(b []byte, v int64, width int) []byte {
	var tmp [20]byte
	i := len(tmp)
	for v >= 10 || width > 1 {
		i--
		tmp[i] = byte('0' + v%10)
		v /= 10
		width--
	}
	i--
	tmp[i] = byte('0' + v)
	return append(b, tmp[i:]...)
}

// Date styles seen in real exports.
const (
	dateISO     = iota // 2020-03-14
	dateSlash          // 2020/3/14
	dateChinese        // 2020年3月14日
)

// appendDate appends day z in the given style.
func appendDate(b []byte, z int64, style int) []byte {
	y, m, d := civilFromDays(z)
	switch style {
	case dateSlash:
		b = strconv.AppendInt(b, int64(y), 10)
		b = append(b, '/')
		b = strconv.AppendInt(b, int64(m), 10)
		b = append(b, '/')
		return strconv.AppendInt(b, int64(d), 10)
	case dateChinese:
		b = strconv.AppendInt(b, int64(y), 10)
		b = append(b, "年"...)
		b = strconv.AppendInt(b, int64(m), 10)
		b = append(b, "月"...)
		b = strconv.AppendInt(b, int64(d), 10)
		return append(b, "日"...)
	}
	b = appendPad(b, int64(y), 4)
	b = append(b, '-')
	b = appendPad(b, int64(m), 2)
	b = append(b, '-')
	return appendPad(b, int64(d), 2)
}

// appendMinute appends minute t (minutes since 1970-01-01) as
// "2020-03-14 09:25".
func appendMinute(b []byte, t int64) []byte {
	day, min := t/1440, t%1440
	b = appendDate(b, day, dateISO)
	b = append(b, ' ')
	b = appendPad(b, min/60, 2)
	b = append(b, ':')
	return appendPad(b, min%60, 2)
}
