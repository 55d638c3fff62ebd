# render.awk - results.tsv (SECTION<TAB>KEY<TAB>VALUE, in order) into JSON:
# one object per section, numbers as numbers, the rest as strings; plus
# "row_checks" and "targets" arrays from the TSV files named by the
# variables rowchecks and targets.
#   awk -F'\t' -f render.awk -v rowchecks=F -v targets=F results.tsv
function q(s) {
	gsub(/\\/, "\\\\", s)
	gsub(/"/, "\\\"", s)
	gsub(/\t/, " ", s)
	return "\"" s "\""
}
function v(s) {
	return s ~ /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/ ? s : q(s)
}
BEGIN { FS = "\t" }
{
	if (!($1 in seen)) {
		seen[$1] = 1
		order[++nsec] = $1
	}
	body[$1] = body[$1] (body[$1] == "" ? "" : ",\n") "    " q($2) ": " v($3)
}
END {
	print "{"
	for (i = 1; i <= nsec; i++)
		printf "  %s: {\n%s\n  },\n", q(order[i]), body[order[i]]
	printf "  \"row_checks\": ["
	sep = "\n"
	while ((getline line < rowchecks) > 0) {
		split(line, f, "\t")
		printf "%s    {\"section\": %s, \"run\": %s, \"wrk_requests\": %s, \"wrk_non2xx\": %s, \"in_flight\": %s, \"rows\": %s, \"result\": %s}", \
			sep, q(f[1]), q(f[2]), f[3], f[4], f[5], f[6], q(f[7])
		sep = ",\n"
	}
	print "\n  ],"
	printf "  \"targets\": ["
	sep = "\n"
	while ((getline line < targets) > 0) {
		split(line, f, "\t")
		printf "%s    {\"target\": %s, \"value\": %s, \"op\": %s, \"limit\": %s, \"result\": %s}", \
			sep, q(f[1]), f[2] == "" ? "null" : v(f[2]), q(f[3]), f[4], q(f[5])
		sep = ",\n"
	}
	print "\n  ]"
	print "}"
}
