/** The value of `omit`: a module argument or list item equal to it is dropped, as in Ansible. */
export const OMIT: unique symbol = Symbol('omit');
