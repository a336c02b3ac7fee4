/* Links against the installed library and calls into it: prints the library's version. */
#include <rnetlink.h>

int main(void)
{
	unsigned int v = rnl_version();

	if (v != RNL_VERSION_NUM || rnl_nlmsg_align(5) != 8)
		return 1;
	printf("rnetlink %u.%u.%u\n", v >> 16, (v >> 8) & 0xff, v & 0xff);
	return 0;
}
