#include "test_support.h"
int main(void);
int main(void) { return 77; }
