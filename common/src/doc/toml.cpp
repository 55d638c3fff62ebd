// doc/toml.cpp - TOML loader on toml++ (Debian's compiled libtomlplusplus).
//
// The only C++ unit of libbeacon-common: it exposes beacon_doc_toml_parse()
// with C linkage and lets no exception escape. toml++ allocates with the C++
// runtime; the Jansson tree it builds goes through Beacon's allocator.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <new>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <toml++/toml.h>

#include "beacon/limits.h"
#include "doc/internal.h"

namespace
{

struct toml_ctx {
	const char *name;
	beacon_error_detail *err;
};

int fail_at(const toml_ctx &ctx, int code, const toml::source_region &src,
	    const char *text)
{
	return beacon_error_set(ctx.err, code, ctx.name,
				static_cast<int>(src.begin.line),
				static_cast<int>(src.begin.column), "%s", text);
}

int nomem(const toml_ctx &ctx)
{
	return beacon_error_set(ctx.err, BEACON_ENOMEM, ctx.name, 0, 0,
				"out of memory");
}

int convert(const toml_ctx &ctx, const toml::node &node, int depth,
	    json_t **out);

// Datetimes keep TOML's RFC 3339 text (dates and times alone likewise).
template <typename T> json_t *as_text(const T &value)
{
	std::ostringstream os;
	os << value;
	const std::string s = os.str();
	return json_stringn(s.data(), s.size());
}

// inf and nan have no JSON number: they become the strings "inf", "-inf",
// "nan", as TOML spells them.
json_t *real_node(double d)
{
	if (std::isnan(d))
		return json_string("nan");
	if (std::isinf(d))
		return json_string(d < 0 ? "-inf" : "inf");
	return json_real(d);
}

json_t *scalar(const toml::node &node)
{
	if (auto s = node.as_string())
		return json_stringn(s->get().data(), s->get().size());
	if (auto i = node.as_integer())
		return json_integer(static_cast<json_int_t>(i->get()));
	if (auto f = node.as_floating_point())
		return real_node(f->get());
	if (auto b = node.as_boolean())
		return json_boolean(b->get());
	if (auto dt = node.as_date_time())
		return as_text(dt->get());
	if (auto d = node.as_date())
		return as_text(d->get());
	if (auto t = node.as_time())
		return as_text(t->get());
	return nullptr;
}

bool key_before(const std::pair<const toml::key *, const toml::node *> &a,
		const std::pair<const toml::key *, const toml::node *> &b)
{
	const toml::source_position &pa = a.first->source().begin;
	const toml::source_position &pb = b.first->source().begin;
	return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
}

std::string lowered(std::string_view s)
{
	std::string l(s);
	for (char &c : l)
		c = static_cast<char>(
		    std::tolower(static_cast<unsigned char>(c)));
	return l;
}

// Members in document order (toml++ keeps tables sorted by key); keys that
// differ only in case are refused, as in the other loaders.
int convert_table(const toml_ctx &ctx, const toml::table &table, int depth,
		  json_t *obj)
{
	std::vector<std::pair<const toml::key *, const toml::node *>> items;
	std::unordered_set<std::string> seen;

	for (auto &&[k, v] : table)
		items.emplace_back(&k, &v);
	std::stable_sort(items.begin(), items.end(), key_before);
	for (const auto &[k, v] : items) {
		std::string l = lowered(k->str());
		if (seen.count(l) != 0) {
			std::string text = "duplicate key \"" +
					   std::string(k->str()) +
					   "\" (keys match case-insensitively)";
			return fail_at(ctx, BEACON_EPARSE, k->source(),
				       text.c_str());
		}
		seen.insert(std::move(l));
		json_t *child = nullptr;
		int error = convert(ctx, *v, depth + 1, &child);
		if (error < 0)
			return error;
		if (json_object_setn_new(obj, k->str().data(), k->str().size(),
					 child) != 0)
			return nomem(ctx);
	}
	return BEACON_OK;
}

int convert_array(const toml_ctx &ctx, const toml::array &array, int depth,
		  json_t *arr)
{
	for (const toml::node &v : array) {
		json_t *child = nullptr;
		int error = convert(ctx, v, depth + 1, &child);
		if (error < 0)
			return error;
		if (json_array_append_new(arr, child) != 0)
			return nomem(ctx);
	}
	return BEACON_OK;
}

int convert(const toml_ctx &ctx, const toml::node &node, int depth,
	    json_t **out)
{
	int error = BEACON_OK;

	*out = nullptr;
	if (depth > BEACON_MAX_DEPTH)
		return fail_at(ctx, BEACON_ELIMIT, node.source(),
			       "nesting deeper than the depth limit");
	if (auto t = node.as_table()) {
		*out = json_object();
		if (*out != nullptr)
			error = convert_table(ctx, *t, depth, *out);
	} else if (auto a = node.as_array()) {
		*out = json_array();
		if (*out != nullptr)
			error = convert_array(ctx, *a, depth, *out);
	} else {
		*out = scalar(node);
	}
	if (*out == nullptr)
		return nomem(ctx);
	if (error < 0) {
		json_decref(*out);
		*out = nullptr;
	}
	return error;
}

} // namespace

extern "C" int beacon_doc_toml_parse(json_t **out, const char *data, size_t len,
				     const char *name, beacon_error_detail *err)
{
	const toml_ctx ctx{ name, err };

	*out = nullptr;
	try {
		const std::string_view path(name != nullptr ? name : "");
		toml::table table =
		    toml::parse(std::string_view(data, len), path);
		return convert(ctx, table, 1, out);
	} catch (const toml::parse_error &e) {
		std::string text(e.description());
		return fail_at(ctx, BEACON_EPARSE, e.source(), text.c_str());
	} catch (const std::bad_alloc &) {
		return nomem(ctx);
	} catch (...) {
		return beacon_error_set(err, BEACON_ERROR, name, 0, 0,
					"TOML parser failed");
	}
}
