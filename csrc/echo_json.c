/*
 * rtnl_echo_talk prints the echoed object between the host program's JSON calls
 * (new_json_obj ... delete_json_obj, from iproute2's libutil). Programs that do not define
 * them must still link and run, so they are weak undefined references here: the linker then
 * exports a program's own definitions to the library, and leaves them NULL otherwise.
 * (Rust has no stable way to declare a weak reference, hence this file.)
 */
#include <stddef.h>

extern void new_json_obj(int json) __attribute__((weak));
extern void open_json_object(const char *str) __attribute__((weak));
extern void close_json_object(void) __attribute__((weak));
extern void delete_json_obj(void) __attribute__((weak));

/* Opens the JSON object if the program has the functions; returns whether it did. */
int rnetlink_internal_json_begin(int json)
{
	if (!new_json_obj || !open_json_object || !close_json_object || !delete_json_obj)
		return 0;
	new_json_obj(json);
	open_json_object(NULL);
	return 1;
}

void rnetlink_internal_json_end(void)
{
	close_json_object();
	delete_json_obj();
}
